// Entry point: picks the language, shows the join screen (or joins at once from a link), and
// wires one HearingSession to the tiles, controls, device pickers and notices.
import './style.css';
import { HearingControls } from './controls.js';
import { CourtroomScreen } from './courtroom/courtroomScreen.js';
import { ScreenShare } from './courtroom/screenShare.js';
import { ScreenStage } from './courtroom/screenStage.js';
import { installDiagnosticsHook } from './diagnosticsHook.js';
import { DevicePicker } from './devices.js';
import { HearingSession } from './hearingSession.js';
import {
  applyTranslations,
  chooseLanguage,
  currentLanguage,
  isLanguage,
  LANGUAGES,
  languageName,
  msg,
  onLanguageChange,
  setLanguage,
  showText,
} from './i18n.js';
import { JoinForm, type JoinDetails } from './joinForm.js';
import { LocalMedia } from './localMedia.js';
import { NoticeBoard } from './notices.js';
import { refreshClocks, refreshFormatted } from './record/timeFormat.js';
import { TileGrid } from './tiles.js';
import { readStoredSession, refreshStoredSession } from './storedSession.js';
import { readUrlOptions } from './urlOptions.js';

function byId<T extends HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`index.html lacks #${id}`);
  return element as T;
}

const url = readUrlOptions();
const notices = new NoticeBoard(byId('notices'));
const tiles = new TileGrid(byId('tiles'));
const screens = new ScreenStage();
byId('screen-slot').replaceChildren(screens.element);
const joinScreen = byId('join-screen');
const hearingScreen = byId('hearing-screen');
const roomInfo = byId('room-info');
const stored = readStoredSession();
const joinForm = new JoinForm(byId<HTMLFormElement>('join-form'), { hearingId: url.hearingId, forceTcp: url.forceTcp, displayName: stored?.principal.displayName });
let session: HearingSession | undefined;
let screenShare: ScreenShare | undefined;

const CLOCK_TICK_MS = 30_000;

setUpLanguagePicker(byId<HTMLSelectElement>('language'));
// Times and language names (the lobby list's local clocks) follow the page's language and the hour.
onLanguageChange(() => refreshFormatted(document));
setInterval(() => refreshClocks(document), CLOCK_TICK_MS);
installDiagnosticsHook(() => session, () => screenShare);
joinForm.onSubmit((details) => enterHearing(details));

if (url.autojoin && stored) {
  const details = joinForm.read();
  if (details) enterHearing(details);
}

function setUpLanguagePicker(select: HTMLSelectElement): void {
  for (const language of LANGUAGES) {
    const option = document.createElement('option');
    option.value = language;
    option.textContent = languageName(language); // each language named in itself
    option.lang = language;
    select.append(option);
  }
  setLanguage(chooseLanguage(url.language, navigator.languages));
  select.value = currentLanguage();
  select.addEventListener('change', () => {
    if (isLanguage(select.value)) setLanguage(select.value, { remember: true });
  });
  applyTranslations();
}

function enterHearing(details: JoinDetails): void {
  if (session && session.phase !== 'left') return;
  joinForm.setBusy(true);
  notices.clear('hearing');
  const localMedia = new LocalMedia({ cameraHeight: url.cameraHeight });
  const current = new HearingSession({
    ...details,
    displayName: stored?.principal.displayName ?? '',
    token: () => readStoredSession()?.accessToken ?? '',
    refreshSession: async () => (await refreshStoredSession()) !== undefined,
    localMedia,
    tiles,
    screens,
    notices,
  });
  session = current;
  const ended = new AbortController(); // detaches this session's controls when it ends

  const controls = new HearingControls(
    { microphone: byId('toggle-microphone'), camera: byId('toggle-camera'), leave: byId('leave'), explanation: byId('control-explanation') },
    current,
    localMedia,
    ended.signal,
  );
  screenShare = new ScreenShare(byId('share-screen'), current, notices, ended.signal);
  const picker = new DevicePicker(
    { camera: byId<HTMLSelectElement>('camera-select'), microphone: byId<HTMLSelectElement>('microphone-select') },
    localMedia,
    (source, deviceId) => void current.switchDevice(source, deviceId),
    ended.signal,
  );
  const courtroom = new CourtroomScreen(
    { panel: byId('court-panel'), exhibit: byId('exhibit-slot'), lobby: byId('lobby-screen'), tiles: byId('tiles'), galleryCount: byId('gallery-count'), recording: byId('recording-indicator') },
    current,
    localMedia,
    notices,
    ended.signal,
  );
  const showRoom = () => {
    showText(byId('room-label'), msg('hearing.room', { roomId: details.hearingId.slice(0, 8) }));
    // The gallery is not in the room it watches.
    const count = current.participants.length + (courtroom.observer === true ? 0 : 1);
    showText(byId('participant-count'), msg('hearing.participantCount', { count }));
  };
  // The camera and microphone are asked for once the court says who we are: the public gallery
  // never captures them (it is never seen or heard); everyone else tests them in the lobby.
  let captureAsked = false;
  current.on('courtroom', () => {
    if (captureAsked || courtroom.observer !== false) return;
    captureAsked = true;
    void current.captureLocalMedia();
  });
  current.on('local', () => {
    controls.render();
    void picker.refresh();
  });
  current.on('roster', showRoom);
  current.on('courtroom', () => controls.render()); // what the court lets us send
  current.on('phase', (phase) => {
    controls.render();
    if (phase === 'joined') joinForm.setBusy(false);
  });
  current.on('joinFailed', (reason) => {
    ended.abort();
    showJoinScreen();
    joinForm.showError(reason);
  });
  current.on('left', () => {
    ended.abort();
    showJoinScreen();
    notices.show('hearing', msg('notice.left'), { dismissAfterMs: 6_000 });
  });

  showRoom();
  joinScreen.hidden = true;
  hearingScreen.hidden = false;
  roomInfo.hidden = false;
  document.body.classList.add('in-hearing');
  current.start();
}

function showJoinScreen(): void {
  joinForm.setBusy(false);
  hearingScreen.hidden = true;
  roomInfo.hidden = true;
  document.body.classList.remove('in-hearing');
  joinScreen.hidden = false;
}
