/**
 * Links as plain `<a href>` elements that still navigate inside the app, for the places that
 * render many: list rows and the navigation. A `NuxtLink` is two component instances and a
 * route resolution per link; a 50-row list has a hundred of them, and they were the largest
 * part of the page's server render.
 *
 * `follow` is the click handler: a plain left click navigates with the router, a click with
 * a modifier (new tab, new window, download) or any other button is the browser's, as with
 * `NuxtLink`. `prefetch` names example targets whose page code is loaded once the app is
 * idle, as `NuxtLink` does for links in view.
 */
export function usePlainLinks(prefetch: string[] = []) {
  const router = useRouter()
  if (import.meta.client && prefetch.length) {
    onNuxtReady(() => Promise.all(prefetch.map(path => preloadRouteComponents(path))).catch(() => {}))
  }
  function follow(event: MouseEvent) {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.altKey || event.ctrlKey || event.shiftKey) return
    const href = (event.currentTarget as HTMLAnchorElement | null)?.getAttribute('href')
    if (!href?.startsWith('/')) return
    event.preventDefault()
    void router.push(href)
  }
  return { follow }
}
