import type { opsEn } from './ops-en.js';

/** 备份与恢复（zeren backup、zeren restore）的中文消息；展开到 zh-CN.ts。 */
export const opsZhCN: { [K in keyof typeof opsEn]: (typeof opsEn)[K] } = {
  'backup.postgres': () =>
    'zeren backup 与 zeren restore 只用于内置数据库；设置了 DATABASE_URL 时，请用 pg_dump 备份 PostgreSQL（pg_dump --format=custom --file=zeren.dump "$DATABASE_URL"），用 pg_restore 恢复（pg_restore --clean --if-exists --dbname="$DATABASE_URL" zeren.dump）',
  'backup.needsFile': (p) => `${p.command} 需要一个文件名 FILE`,
  'backup.noDatabase': (p) => `${p.dir} 中没有可备份的内置数据库（请把 DATA_DIR 设为机器人的数据目录）`,
  'backup.fileExists': (p) => `${p.file} 已存在；请换一个文件名，或加 --force 覆盖`,
  'backup.written': (p) => `备份已写入：${p.file}（${p.bytes} 字节，台账 ${p.entries} 条）；请一并保管台账密钥（ZEREN_LEDGER_KEY，或 DATA_DIR 中的 ledger.key）：备份中不含密钥`,
  'restore.noFile': (p) => `${p.file}：文件不存在`,
  'restore.notBackup': (p) => `${p.file} 不是 zeren backup 生成的备份（无法作为内置数据库打开）；未恢复任何内容`,
  'restore.keyMissing': (p) =>
    `${p.dir} 中没有台账密钥（ledger.key），也未设置 ZEREN_LEDGER_KEY：请在运行 zeren verify 或 zeren start 之前，从原 DATA_DIR 复制 ledger.key（或设置 ZEREN_LEDGER_KEY），否则它们会拒绝不同的密钥`,
  'restore.databaseExists': (p) => `${p.dir} 中已有数据库；请恢复到空的 DATA_DIR，或加 --force 替换（现有数据库将保留在旁边的 pglite.replaced-* 中）`,
  'restore.done': (p) => `已将 ${p.file} 恢复到 ${p.dir}（台账 ${p.entries} 条）；请先运行 zeren verify，再运行 zeren start`,
  'calendar.missingYear': (p) =>
    `日历中还没有 ${p.year} 年的节假日和调休（chinese-days 包和已导入的 calendar: 部分都没有），${p.year} 年的周一至周五都会被当作工作日。请在导入文件的 calendar: 部分导入，或在 chinese-days 收录 ${p.year} 年后升级它（见 README「Keeping the calendar current」）。`,
};
