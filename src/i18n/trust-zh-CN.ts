import type { trustEn } from './trust-en.js';

/** 台账可信机制（密钥哈希链、锚点、最小权限）的中文消息；展开到 zh-CN.ts。 */
export const trustZhCN: { [K in keyof typeof trustEn]: (typeof trustEn)[K] } = {
  'trust.keyGenerated': (p) => `未设置 ZEREN_LEDGER_KEY：已在 ${p.file} 生成台账密钥。请将其副本保存在数据库及其备份之外；生产环境请改为设置 ZEREN_LEDGER_KEY（见 README“可信模型”）`,
  'trust.keyFromFile': (p) => `未设置 ZEREN_LEDGER_KEY：台账密钥读自 ${p.file}；使用 PostgreSQL 的生产环境应设置 ZEREN_LEDGER_KEY（所有进程须使用同一密钥）`,
  'trust.keyFileInvalid': (p) => `台账密钥文件 ${p.file} 中没有有效密钥（至少 32 个可打印字符）；请从副本恢复，或设置 ZEREN_LEDGER_KEY`,
  'trust.keyMismatch': () => 'ZEREN_LEDGER_KEY（或密钥文件）不是本台账所用的密钥：此时写入的记录将永远无法通过校验。请使用原密钥',
  'trust.keyingMissing': () => '台账的密钥边界记录（ledger_keying）已丢失：有人删除了它；`zeren verify` 将报告台账被破坏',
  'trust.ownerNeedsUrl': () => '已设置 DATABASE_OWNER_URL 但未设置 DATABASE_URL：请将 DATABASE_URL 设为机器人运行所用的角色',
  'trust.roleTooStrong': (p) =>
    `DATABASE_URL 的角色“${p.role}”是超级用户或台账的属主，可以停用台账的触发器；设置 DATABASE_OWNER_URL 时，DATABASE_URL 必须是单独的角色（CREATE ROLE zeren_bot LOGIN PASSWORD '…'）`,
  'trust.granted': (p) => `已授予机器人角色“${p.role}”所需权限（台账：只读和追加）`,
  'trust.anchorsUnreadable': (p) => `无法读取锚点文件 ${p.file}：${p.reason}（应为 zeren export anchors 的输出，CSV 或 JSON）`,
  'verify.okAnchors': (p) => `台账校验通过：${p.units} 条单位链共 ${p.entries} 条记录，${p.anchors} 个锚点均未改变`,
  'verify.reasonKeying': () => '台账的密钥边界记录丢失或不是用此密钥封记的（ZEREN_LEDGER_KEY 错误，或边界被改写）',
  'verify.reasonAnchorRewritten': () => '该记录已在数据库外锚定，其哈希已不是锚定时的哈希（被改写）',
  'verify.reasonAnchorRemoved': () => '该记录已在数据库外锚定，但已不在台账中（被删除，或链被截短）',
  'digest.anchor': (p) => `台账锚点：第 ${p.id} 条，哈希 ${p.hash}`,
};
