/**
 * The props of the <input> inside PrimeVue's Password. Attributes set on the component land
 * on its wrapper instead, where `autocomplete` does not reach password managers and
 * `aria-describedby` does not tie the field's hint or error to it; and the input is marked
 * as a popup trigger (aria-expanded, aria-haspopup) although no strength meter is shown.
 */
export function passwordInputProps(autocomplete: 'current-password' | 'new-password', describedBy?: string) {
  return { 'autocomplete': autocomplete, 'aria-describedby': describedBy, 'aria-expanded': undefined, 'aria-haspopup': undefined }
}
