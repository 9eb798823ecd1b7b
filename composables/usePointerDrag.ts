/**
 * Click versus drag with pointer events, for what is both clicked and dragged (the deals
 * board's cards, the calendar's activities), with a mouse, a pen or a finger. A press becomes
 * a drag once the pointer has moved 6 px, and only then is the pointer captured: capturing at
 * once would retarget the click, and a plain click would never reach the link or button that
 * was pressed; until then the window follows the pointer. The click that ends a drag is
 * swallowed: bind `onClickCapture` to a container's `@click.capture`.
 */
export function usePointerDrag<T>(handlers: {
  /** While dragging, wherever the pointer is. */
  move?: (x: number, y: number) => void
  /** Let go after a drag (not after a click, not when the browser cancelled the pointer). */
  drop: (item: T, x: number, y: number) => void
}) {
  const item = shallowRef<T | null>(null)
  const pointer = reactive({ startX: 0, startY: 0, x: 0, y: 0, active: false })
  let pressed: { element: HTMLElement, pointerId: number } | null = null
  let suppressClick = false

  /** A pointer went down on `element` for `what`. */
  function start(event: PointerEvent, what: T, element: HTMLElement) {
    if (item.value) return
    item.value = what
    Object.assign(pointer, { startX: event.clientX, startY: event.clientY, x: event.clientX, y: event.clientY, active: false })
    pressed = { element, pointerId: event.pointerId }
    window.addEventListener('pointermove', onMove)
    window.addEventListener('pointerup', onUp)
    window.addEventListener('pointercancel', onCancel)
    // No native link drag or text selection while moving.
    if (event.pointerType === 'mouse') event.preventDefault()
  }

  function onMove(event: PointerEvent) {
    if (!item.value || event.pointerId !== pressed?.pointerId) return
    pointer.x = event.clientX
    pointer.y = event.clientY
    if (!pointer.active && Math.hypot(pointer.x - pointer.startX, pointer.y - pointer.startY) < 6) return
    if (!pointer.active) pressed.element.setPointerCapture(pressed.pointerId)
    pointer.active = true
    handlers.move?.(pointer.x, pointer.y)
  }

  const onUp = (event: PointerEvent) => end(event, true)
  const onCancel = (event: PointerEvent) => end(event, false)

  function stopListening() {
    window.removeEventListener('pointermove', onMove)
    window.removeEventListener('pointerup', onUp)
    window.removeEventListener('pointercancel', onCancel)
  }

  function end(event: PointerEvent, drop: boolean) {
    const what = item.value
    if (!what || event.pointerId !== pressed?.pointerId) return
    stopListening()
    if (pressed.element.hasPointerCapture(pressed.pointerId)) pressed.element.releasePointerCapture(pressed.pointerId)
    pressed = null
    const dragged = pointer.active
    if (dragged) {
      suppressClick = true
      setTimeout(() => (suppressClick = false), 0)
    }
    item.value = null
    pointer.active = false
    if (drop && dragged) handlers.drop(what, event.clientX, event.clientY)
  }

  function onClickCapture(event: MouseEvent) {
    if (suppressClick) {
      event.preventDefault()
      event.stopPropagation()
    }
  }

  onBeforeUnmount(stopListening)
  return { item, pointer, start, onClickCapture }
}
