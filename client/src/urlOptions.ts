// Parameters a link can carry, so the case page can send "join the hearing" and tests can drive
// the page: ?hearing=<hearing id>&autojoin=1, ?transport=tcp, ?lang=zh-CN, ?cameraHeight=360.

export interface UrlOptions {
  hearingId: string | null;
  autojoin: boolean;
  /** `?transport=tcp`: only TCP candidates, for networks that drop UDP. */
  forceTcp: boolean;
  language: string | null;
  /** Camera capture height; 720 unless the link asks for less (a weak machine, a test run). */
  cameraHeight: number;
}

const CAMERA_HEIGHTS = [180, 360, 540, 720];
const DEFAULT_CAMERA_HEIGHT = 720;

export function readUrlOptions(search: string = window.location.search): UrlOptions {
  const params = new URLSearchParams(search);
  const height = Number(params.get('cameraHeight'));
  return {
    hearingId: params.get('hearing'),
    autojoin: ['1', 'true', 'yes'].includes(params.get('autojoin') ?? ''),
    forceTcp: params.get('transport')?.toLowerCase() === 'tcp',
    language: params.get('lang'),
    cameraHeight: CAMERA_HEIGHTS.includes(height) ? height : DEFAULT_CAMERA_HEIGHT,
  };
}
