// 简体中文 (Simplified Chinese). Typed against the English keys: a missing or extra key, or a
// placeholder that differs from the English one, is a compile error.
import type { Catalogue, en } from './en.js';
import type { AllPlaceholdersKept, MismatchedPlaceholders } from './placeholders.js';

export const zhCN = {
  'language.name': '简体中文',
  'language.label': '语言',

  'app.name': 'CrossCourt',
  'app.title': 'CrossCourt 庭审室',
  'app.tagline': '在线庭审',

  'join.heading': '加入庭审',
  'join.intro': '请输入您在法庭上显示的姓名，以及邀请函中的庭审室编号。',
  'join.displayName': '您的姓名',
  'join.displayNamePlaceholder': '例如：原告代理人',
  'join.roomId': '庭审室编号',
  'join.roomIdPlaceholder': '例如：case-2024-117',
  'join.forceTcp': '我的网络屏蔽 UDP：仅通过 TCP 连接',
  'join.submit': '加入庭审',
  'join.joining': '正在加入…',
  'join.invalidName': '请输入 1 至 64 个字符的姓名，不能包含控制字符。',
  'join.invalidRoomId': '庭审室编号为 1 至 64 个字母、数字、连字符或下划线。',
  'join.identityRejected': '服务器不接受此姓名：{detail}',

  'hearing.room': '庭审室 {roomId}',
  'hearing.participantCount': '室内 {count} 人',

  'controls.muteMicrophone': '关闭麦克风',
  'controls.unmuteMicrophone': '打开麦克风',
  'controls.cameraOff': '关闭摄像头',
  'controls.cameraOn': '打开摄像头',
  'controls.enableMicrophone': '使用麦克风',
  'controls.enableCamera': '使用摄像头',
  'controls.leave': '退出庭审',

  'devices.camera': '摄像头',
  'devices.microphone': '麦克风',
  'devices.unnamedCamera': '摄像头 {number}',
  'devices.unnamedMicrophone': '麦克风 {number}',
  'devices.none': '无可用设备',
  'devices.switchFailed': '无法切换到该设备：{detail}',

  'tile.you': '{name}（您）',
  'tile.speaking': '正在发言',
  'tile.muted': '麦克风已关闭',
  'tile.cameraOff': '摄像头已关闭',
  'tile.listenerOnly': '仅观看和收听',

  'device.camera': '摄像头',
  'device.microphone': '麦克风',
  'device.cameraAndMicrophone': '摄像头和麦克风',

  'capture.denied':
    '浏览器阻止了{devices}。如需被看到和听到，请允许访问：点击地址栏中的摄像头图标或锁形图标，为本网站选择"允许"，然后点击"重试"。在此之前，您仍可观看和收听庭审。',
  'capture.notFound': '未找到{devices}。请连接设备后点击"重试"。在此之前，您仍可观看和收听。',
  'capture.inUse': '{devices}正被其他应用程序占用或无法启动。请关闭其他应用程序，然后点击"重试"。',
  'capture.insecure': '此页面未通过安全（https）连接打开，因此无法使用摄像头或麦克风。请向法院索取 https 地址。您仍可观看和收听。',
  'capture.failed': '{devices}无法启动：{detail}。您仍可观看和收听。',
  'capture.retry': '重试',

  'notice.dismiss': '关闭',
  'notice.connectionLost': '与庭审的连接已断开，正在重新连接…',
  'notice.cannotConnect': '无法连接庭审服务器，正在重试…',
  'notice.connectionRestored': '已重新连接到庭审。',
  'notice.serverShutdown': '庭审服务器正在关闭。服务器恢复后将自动重新连接。',
  'notice.mediaReconnecting': '媒体服务器已重启，正在重新连接音视频…',
  'notice.mediaRestored': '音视频已恢复。',
  'notice.soundBlocked': '浏览器在您允许之前不会播放庭审声音。',
  'notice.enableSound': '打开声音',
  'notice.rejoinFailed': '无法重新加入庭审：{detail}。正在重试…',
  'notice.mediaFailed': '无法建立音视频连接：{detail}',
  'notice.joinFailed': '无法加入庭审：{detail}',
  'notice.left': '您已退出庭审。',

  'error.HEARING_ROOM_UNAVAILABLE': '庭审室暂时不可用，请稍后再试',
  'error.SERVER_SHUTTING_DOWN': '服务器正在关闭，请稍后再试',
  'error.ALREADY_JOINED': '您已在此庭审中',
  'error.TIMEOUT': '服务器未及时响应',
  'error.DISCONNECTED': '与服务器的连接已断开',
  'error.other': '服务器拒绝了请求（{code}）',
  'error.local': '浏览器中出现错误（{detail}）',
} as const satisfies Catalogue;

// Fails to compile, naming the keys, if a translation drops or renames a placeholder.
export type ZhCnPlaceholdersChecked = AllPlaceholdersKept<MismatchedPlaceholders<typeof en, typeof zhCN>>;
