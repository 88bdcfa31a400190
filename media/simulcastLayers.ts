// Which simulcast layer a viewer should receive for the size of the tile it shows. Cameras send
// three layers, each half the size of the next (scaleResolutionDownBy 4, 2, 1); a small tile
// gets the small layer so a gallery of twelve does not pull twelve full-size streams.

export const CAMERA_SIMULCAST_ENCODINGS = [
  { rid: 'r0', scaleResolutionDownBy: 4, maxBitrate: 150_000 },
  { rid: 'r1', scaleResolutionDownBy: 2, maxBitrate: 500_000 },
  { rid: 'r2', scaleResolutionDownBy: 1, maxBitrate: 1_500_000 },
] as const;

export const HIGHEST_SPATIAL_LAYER = CAMERA_SIMULCAST_ENCODINGS.length - 1;
export const HIGHEST_TEMPORAL_LAYER = 2;

/** The full-size camera picture the layers are scaled from (what clients request). */
export const CAMERA_CAPTURE_HEIGHT = 720;

/**
 * The lowest spatial layer whose height covers the tile's height on screen; the highest layer
 * when even that is smaller than the tile. A hidden tile (0 × 0) gets the lowest layer.
 */
export function spatialLayerForTile(tileHeightPx: number, devicePixelRatio = 1): number {
  const needed = tileHeightPx * devicePixelRatio;
  for (let layer = 0; layer <= HIGHEST_SPATIAL_LAYER; layer++) {
    const encoding = CAMERA_SIMULCAST_ENCODINGS[layer]!;
    if (CAMERA_CAPTURE_HEIGHT / encoding.scaleResolutionDownBy >= needed) return layer;
  }
  return HIGHEST_SPATIAL_LAYER;
}
