import Aura from '@primeuix/themes/aura'
import { definePreset } from '@primeuix/themes'

/**
 * Filled buttons in one hue: white text on shade 700 (hover 800, pressed 900). Aura's
 * default shade 500 leaves white text at 2.3:1 on green, 3.8:1 on red and 4.5:1 on indigo;
 * shade 700 gives at least 4.5:1 (AA) for every hue used here.
 */
const filled = (hue: string) => ({
  background: `{${hue}.700}`, hoverBackground: `{${hue}.800}`, activeBackground: `{${hue}.900}`,
  borderColor: `{${hue}.700}`, hoverBorderColor: `{${hue}.800}`, activeBorderColor: `{${hue}.900}`,
  focusRing: { color: `{${hue}.700}`, shadow: 'none' },
})
/** Text and outlined buttons: the hue's text on white at shade 700 as well. */
const onWhite = (hue: string) => ({ color: `{${hue}.700}` })
const SEVERITIES = { success: 'green', info: 'sky', warn: 'orange', help: 'purple', danger: 'red' } as const
const each = <T>(make: (hue: string) => T) => Object.fromEntries(Object.entries(SEVERITIES).map(([severity, hue]) => [severity, make(hue)]))

// Pulse indigo on Aura; dark mode follows a `.dark` class so it never flips unasked.
const preset = definePreset(Aura, {
  semantic: {
    primary: {
      50: '{indigo.50}', 100: '{indigo.100}', 200: '{indigo.200}', 300: '{indigo.300}', 400: '{indigo.400}',
      500: '{indigo.500}', 600: '{indigo.600}', 700: '{indigo.700}', 800: '{indigo.800}', 900: '{indigo.900}', 950: '{indigo.950}',
    },
    colorScheme: {
      // Light mode: primary at 600 (6.3:1 under white text, and as text on white) instead of 500 (4.5:1).
      light: { primary: { color: '{primary.600}', contrastColor: '#ffffff', hoverColor: '{primary.700}', activeColor: '{primary.800}' } },
    },
  },
  components: {
    // Unselected options of a SelectButton: Aura's surface 500 on surface 100 is 4.3:1; 600 is 6.9:1.
    togglebutton: { colorScheme: { light: { root: { color: '{surface.600}' } } } },
    button: {
      colorScheme: {
        light: { root: each(filled), outlined: each(onWhite), text: each(onWhite) },
      },
    },
  },
})

export default {
  preset,
  options: {
    darkModeSelector: '.dark',
    cssLayer: { name: 'primevue', order: 'theme, base, primevue' },
  },
}
