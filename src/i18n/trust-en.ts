/** The English messages of the ledger's trust model (keyed chain, anchors, least privilege); spread into en.ts. */
export const trustEn = {
  'trust.keyGenerated': (p: { file: string }) =>
    `ZEREN_LEDGER_KEY is not set: made a ledger key in ${p.file}. Keep a copy of it outside the database and its backups; in production set ZEREN_LEDGER_KEY instead (see README, Trust model)`,
  'trust.keyFromFile': (p: { file: string }) => `ZEREN_LEDGER_KEY is not set: the ledger key is read from ${p.file}; production on PostgreSQL should set ZEREN_LEDGER_KEY (every process must use the same key)`,
  'trust.keyFileInvalid': (p: { file: string }) => `the ledger key file ${p.file} does not hold a key (at least 32 printable characters); restore it from your copy, or set ZEREN_LEDGER_KEY`,
  'trust.keyMismatch': () =>
    'ZEREN_LEDGER_KEY (or the key file) is not the key this ledger was keyed with: entries written now would never verify. Use the original key',
  'trust.keyingMissing': () => "the ledger's keying record (ledger_keying) is missing: someone removed it; `zeren verify` will report the ledger as broken",
  'trust.ownerNeedsUrl': () => 'DATABASE_OWNER_URL is set but DATABASE_URL is not: set DATABASE_URL to the role the bot runs as',
  'trust.roleTooStrong': (p: { role: string }) =>
    `the DATABASE_URL role "${p.role}" is a superuser or owns the ledger, so it could disable the ledger's triggers; with DATABASE_OWNER_URL set, DATABASE_URL must be a role of its own (CREATE ROLE zeren_bot LOGIN PASSWORD '…')`,
  'trust.granted': (p: { role: string }) => `granted the bot's role "${p.role}" what it needs (ledger: read and append only)`,
  'trust.anchorsUnreadable': (p: { file: string; reason: string }) => `cannot read the anchors file ${p.file}: ${p.reason} (expected the output of zeren export anchors, CSV or JSON)`,
  'verify.okAnchors': (p: { entries: number; units: number; anchors: number }) => `ledger verified: ${p.entries} entries in ${p.units} unit chain(s), ${p.anchors} anchor(s) found unchanged`,
  'verify.reasonKeying': () => "the ledger's keyed boundary is missing or was not sealed with this key (wrong ZEREN_LEDGER_KEY, or a rewritten boundary)",
  'verify.reasonAnchorRewritten': () => 'it is anchored outside the database and its hash is no longer the anchored one (rewritten)',
  'verify.reasonAnchorRemoved': () => 'it is anchored outside the database and is no longer in the ledger (removed, or the chain was cut short)',
  'digest.anchor': (p: { id: number; hash: string }) => `Ledger anchor: entry ${p.id}, hash ${p.hash}`,
};
