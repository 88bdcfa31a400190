import { spatialLayerForTile, HIGHEST_SPATIAL_LAYER } from '../../media/simulcastLayers.js';

describe('the layer a viewer receives follows the size of the tile it shows', () => {
  test('a thumbnail in a gallery gets the smallest layer', () => {
    expect(spatialLayerForTile(120)).toBe(0);
    expect(spatialLayerForTile(180)).toBe(0);
  });

  test('a medium tile gets the middle layer', () => {
    expect(spatialLayerForTile(181)).toBe(1);
    expect(spatialLayerForTile(360)).toBe(1);
  });

  test('the speaker view gets the full picture', () => {
    expect(spatialLayerForTile(600)).toBe(2);
    expect(spatialLayerForTile(2000)).toBe(HIGHEST_SPATIAL_LAYER);
  });

  test('a high-density screen needs the next layer up for the same tile', () => {
    expect(spatialLayerForTile(180, 2)).toBe(1);
  });

  test('a hidden tile gets the smallest layer', () => {
    expect(spatialLayerForTile(0)).toBe(0);
  });
});
