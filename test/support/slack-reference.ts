import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** `../shared/slack/` beside the repository, where the project's reference data is handed out. */
export const SHARED_SLACK_DIR = fileURLToPath(new URL('../../../shared/slack/', import.meta.url));
/** The copies in the repository (test/fixtures/slack/), for a clone without `../shared`. */
export const VENDORED_SLACK_DIR = fileURLToPath(new URL('../fixtures/slack/', import.meta.url));

/**
 * The path of a Slack reference file (`manifest.schema.1.0.0.json`, `blockkit_limits.json`, …):
 * from the first of `dirs` that has it, `../shared/slack/` before the vendored copy.
 */
export function slackReferencePath(name: string, dirs: string[] = [SHARED_SLACK_DIR, VENDORED_SLACK_DIR]): string {
  for (const dir of dirs) {
    const path = `${dir.endsWith('/') ? dir : `${dir}/`}${name}`;
    if (existsSync(path)) return path;
  }
  throw new Error(`Slack reference file ${name} not found in ${dirs.join(' or ')}`);
}

/** A Slack reference file, parsed. */
export function readSlackReference<T = unknown>(name: string, dirs?: string[]): T {
  return JSON.parse(readFileSync(slackReferencePath(name, dirs), 'utf8')) as T;
}
