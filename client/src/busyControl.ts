// A control that sends something to the court is busy until the court answers, and a press
// meanwhile does nothing. It is marked busy (aria-disabled: shown dimmed, announced as
// unavailable), not disabled: the browser takes the keyboard's focus from a disabled button, so
// whoever works the page from the keyboard or with a screen reader would lose their place at
// every press.

export function isBusy(control: Element): boolean {
  return control.getAttribute('aria-disabled') === 'true';
}

/** Runs `task` with `control` marked busy; when the control is busy already, runs nothing (undefined). */
export async function whileBusy<T>(control: HTMLElement | undefined, task: () => Promise<T>): Promise<T | undefined> {
  if (control !== undefined && isBusy(control)) return undefined;
  control?.setAttribute('aria-disabled', 'true');
  try {
    return await task();
  } finally {
    control?.removeAttribute('aria-disabled');
  }
}
