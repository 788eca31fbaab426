import { mkdirSync, openSync, readFileSync, unlinkSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { CodedError, ErrorCode } from '../errors.js';
import { t } from '../i18n/index.js';

const isRunning = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/**
 * Takes the embedded database's one-process lock: a file holding the owner's pid.
 * PGlite has no lock of its own, and two processes writing one data directory would corrupt it.
 * A lock left by a process that no longer runs is taken over.
 *
 * @returns a function that releases the lock.
 */
export function lockDataDir(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, 'zeren.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => {
        try {
          if (readFileSync(path, 'utf8') === String(process.pid)) unlinkSync(path);
        } catch {
          // Already gone: nothing to release.
        }
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number.parseInt(readFileSync(path, 'utf8'), 10);
      if (Number.isInteger(owner) && owner !== process.pid && isRunning(owner)) {
        throw new CodedError(ErrorCode.DatabaseInUse, (locale) => t(locale, 'db.inUse', { dir: dataDir, pid: owner }));
      }
      if (owner === process.pid) {
        throw new CodedError(ErrorCode.DatabaseInUse, (locale) => t(locale, 'db.openHere', { dir: dataDir }));
      }
      unlinkSync(path);
    }
  }
  throw new CodedError(ErrorCode.DatabaseInUse, (locale) => t(locale, 'db.cannotLock', { dir: dataDir }));
}
