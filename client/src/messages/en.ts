// The English catalogue: the source of every message key. Other catalogues are typed against
// it, so a key missing from a translation does not compile. `{name}` marks a parameter.
// Kept free of imports: the end-to-end test reads it to know what the page should say.

export const en = {
  'language.name': 'English',
  'language.label': 'Language',

  'app.name': 'CrossCourt',
  'app.title': 'CrossCourt hearing room',
  'app.tagline': 'Live online hearing',

  'join.heading': 'Join a hearing',
  'join.intro': 'Enter your name as it should appear to the court, and the hearing room id from your invitation.',
  'join.displayName': 'Your name',
  'join.displayNamePlaceholder': 'e.g. Counsel for the claimant',
  'join.roomId': 'Hearing room id',
  'join.roomIdPlaceholder': 'e.g. case-2024-117',
  'join.forceTcp': 'My network blocks UDP: connect over TCP only',
  'join.submit': 'Join hearing',
  'join.joining': 'Joining…',
  'join.invalidName': 'Enter a name of 1 to 64 characters, without control characters.',
  'join.invalidRoomId': 'A hearing room id is 1 to 64 letters, digits, hyphens or underscores.',
  'join.identityRejected': 'The server did not accept this name: {detail}',

  'hearing.room': 'Hearing room {roomId}',
  'hearing.participantCount': '{count} in the room',

  'controls.muteMicrophone': 'Mute microphone',
  'controls.unmuteMicrophone': 'Unmute microphone',
  'controls.cameraOff': 'Turn camera off',
  'controls.cameraOn': 'Turn camera on',
  'controls.enableMicrophone': 'Use microphone',
  'controls.enableCamera': 'Use camera',
  'controls.leave': 'Leave hearing',

  'devices.camera': 'Camera',
  'devices.microphone': 'Microphone',
  'devices.unnamedCamera': 'Camera {number}',
  'devices.unnamedMicrophone': 'Microphone {number}',
  'devices.none': 'None available',
  'devices.switchFailed': 'Could not switch to that device: {detail}',

  'tile.you': '{name} (you)',
  'tile.speaking': 'Speaking',
  'tile.muted': 'Microphone muted',
  'tile.cameraOff': 'Camera off',
  'tile.listenerOnly': 'Watching and listening only',

  'device.camera': 'camera',
  'device.microphone': 'microphone',
  'device.cameraAndMicrophone': 'camera and microphone',

  'capture.denied':
    'Your browser blocked the {devices}. To be seen and heard, allow access: click the camera icon or the padlock in the address bar, choose "Allow" for this site, then press "Try again". Until then you can still watch and listen to the hearing.',
  'capture.notFound': 'No {devices} was found. Connect one, then press "Try again". Until then you can still watch and listen.',
  'capture.inUse':
    'The {devices} is in use by another application or could not be started. Close the other application, then press "Try again".',
  'capture.insecure':
    'This page cannot use a camera or microphone because it was not opened over a secure (https) connection. Ask the court for the https address. You can still watch and listen.',
  'capture.failed': 'The {devices} could not be started: {detail}. You can still watch and listen.',
  'capture.retry': 'Try again',

  'notice.dismiss': 'Dismiss',
  'notice.connectionLost': 'Connection to the hearing lost. Reconnecting…',
  'notice.cannotConnect': 'Cannot reach the hearing server. Trying again…',
  'notice.connectionRestored': 'Reconnected to the hearing.',
  'notice.serverShutdown': 'The hearing server is shutting down. You will be reconnected when it is back.',
  'notice.mediaReconnecting': 'The media server restarted. Reconnecting audio and video…',
  'notice.mediaRestored': 'Audio and video are back.',
  'notice.soundBlocked': 'Your browser is holding back the hearing\'s sound until you allow it.',
  'notice.enableSound': 'Turn on sound',
  'notice.rejoinFailed': 'Could not rejoin the hearing: {detail}. Trying again…',
  'notice.mediaFailed': 'Audio and video could not be set up: {detail}',
  'notice.joinFailed': 'Could not join the hearing: {detail}',
  'notice.left': 'You have left the hearing.',

  'error.HEARING_ROOM_UNAVAILABLE': 'the hearing room is not available right now; try again in a moment',
  'error.SERVER_SHUTTING_DOWN': 'the server is shutting down; try again shortly',
  'error.ALREADY_JOINED': 'you are already in this hearing',
  'error.TIMEOUT': 'the server did not answer in time',
  'error.DISCONNECTED': 'the connection to the server was lost',
  'error.other': 'the server refused ({code})',
  'error.local': 'something went wrong in this browser ({detail})',
} as const;

export type MessageKey = keyof typeof en;
export type Catalogue = { readonly [K in MessageKey]: string };
