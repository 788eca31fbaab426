/** The English messages of backups and restores (`zeren backup`, `zeren restore`); spread into en.ts. */
export const opsEn = {
  'backup.postgres': () =>
    'zeren backup and zeren restore are for the embedded database; with DATABASE_URL set, back up PostgreSQL with pg_dump (pg_dump --format=custom --file=zeren.dump "$DATABASE_URL") and restore it with pg_restore (pg_restore --clean --if-exists --dbname="$DATABASE_URL" zeren.dump)',
  'backup.needsFile': (p: { command: string }) => `${p.command} needs one FILE`,
  'backup.noDatabase': (p: { dir: string }) => `there is no embedded database in ${p.dir} to back up (set DATA_DIR to the bot's data directory)`,
  'backup.fileExists': (p: { file: string }) => `${p.file} exists already; choose another name, or pass --force to overwrite it`,
  'backup.written': (p: { file: string; bytes: number; entries: number }) => `backup written: ${p.file} (${p.bytes} bytes, ${p.entries} ledger entries); keep the ledger key with it (ZEREN_LEDGER_KEY, or ledger.key in DATA_DIR): a backup does not hold it`,
  'restore.noFile': (p: { file: string }) => `${p.file}: no such file`,
  'restore.notBackup': (p: { file: string }) => `${p.file} is not a backup made by zeren backup (it cannot be opened as an embedded database); nothing restored`,
  'restore.keyMissing': (p: { dir: string }) =>
    `${p.dir} has no ledger key (ledger.key) and ZEREN_LEDGER_KEY is not set: copy ledger.key from the old DATA_DIR (or set ZEREN_LEDGER_KEY) before zeren verify or zeren start, which refuse a different key`,
  'restore.databaseExists': (p: { dir: string }) =>
    `${p.dir} holds a database already; restore into an empty DATA_DIR, or pass --force to replace it (the current database is kept beside it as pglite.replaced-*)`,
  'restore.done': (p: { file: string; dir: string; entries: number }) => `restored ${p.file} into ${p.dir} (${p.entries} ledger entries); run zeren verify, then zeren start`,
  'calendar.missingYear': (p: { year: number }) =>
    `The calendar has no holidays or 调休 days for ${p.year} yet (neither the chinese-days package nor an imported calendar: section has any), so every weekday of ${p.year} would count as a working day. Import them in a calendar: section, or upgrade chinese-days once it has ${p.year} (README: Keeping the calendar current).`,
};
