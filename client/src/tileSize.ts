// Watches how large a video tile is on screen and reports it (at once, then once it has
// stopped changing for DEBOUNCE_MS), so the server can forward the simulcast layer that fits.

export interface TileSize {
  width: number;
  height: number;
  pixelRatio: number;
}

const DEBOUNCE_MS = 300;

/** Starts watching `element`; returns the function that stops watching. */
export function observeTileSize(element: HTMLElement, report: (size: TileSize) => void): () => void {
  let last: TileSize | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const measure = (): void => {
    timer = undefined;
    const size = currentSize(element);
    if (last && last.width === size.width && last.height === size.height && last.pixelRatio === size.pixelRatio) return;
    last = size;
    report(size);
  };

  const observer = new ResizeObserver(() => {
    if (!last) return measure(); // the first observation: the tile was just created
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(measure, DEBOUNCE_MS);
  });
  observer.observe(element);

  return () => {
    observer.disconnect();
    if (timer !== undefined) clearTimeout(timer);
  };
}

/** Bounded as the server's schema requires (width ≤ 7680, height ≤ 4320, ratio 0.5-4). */
function currentSize(element: HTMLElement): TileSize {
  const rect = element.getBoundingClientRect();
  return {
    width: clamp(Math.round(rect.width), 0, 7680),
    height: clamp(Math.round(rect.height), 0, 4320),
    pixelRatio: clamp(window.devicePixelRatio || 1, 0.5, 4),
  };
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
