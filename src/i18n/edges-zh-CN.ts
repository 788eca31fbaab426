import type { edgesEn } from './edges-en.js';

/** 入口处（尚未处理即被拒绝的请求）的中文消息；展开到 zh-CN.ts。 */
export const edgesZhCN: { [K in keyof typeof edgesEn]: (typeof edgesEn)[K] } = {
  'error.signatureInvalid': () => '请求未使用本应用的签名密钥签名，或已超过 5 分钟',
  'error.bodyUnreadable': () => '无法读取请求内容',
  'error.starting': () => 'Zeren 正在连接 Slack，请稍后再试',
  'error.payloadInvalid': () => '无法读取此请求（可能来自旧消息或被改动的消息），未记录任何内容。',
  'error.fieldInvalid': () => '无法读取此项，请重新选择或填写。',
};
