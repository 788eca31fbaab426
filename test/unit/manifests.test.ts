// Validates the Slack app manifests in manifests/ against Slack's published
// JSON Schema (../shared/slack/manifest.schema.*.json beside the repository, else the copies
// in test/fixtures/slack/)
// and checks what Zeren relies on: the /progress command, interactivity, the
// App Home tab, the app_home_opened event, the least-privilege bot scopes, and
// that the Socket Mode and HTTP variants differ only in their transport.
import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it, expect } from 'vitest';
import { parseDocument } from 'yaml';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { readSlackReference, SHARED_SLACK_DIR, slackReferencePath, VENDORED_SLACK_DIR } from '../support/slack-reference.js';

// ajv-formats is CommonJS: under NodeNext the default import is its
// module.exports, whose `default` property is the plugin itself.
const addFormats = addFormatsModule.default;

const SOCKET_FILE = new URL('../../manifests/slack-app.yaml', import.meta.url);
const HTTP_FILE = new URL('../../manifests/slack-app.http.yaml', import.meta.url);

const PUBLIC_URL = 'https://zeren.example.org/slack/events';

/** Least-privilege bot scopes; each is justified by a comment in the manifests. */
const EXPECTED_BOT_SCOPES = [
  'channels:join',
  'channels:manage',
  'channels:read',
  'chat:write',
  'commands',
  'files:write',
  'groups:read',
  'groups:write',
  'im:write',
  'users:read',
  'users:read.email',
].sort();

interface SlashCommand {
  command: string;
  description?: string;
  usage_hint?: string;
  should_escape?: boolean;
  url?: string;
}

interface Manifest {
  _metadata?: { major_version?: number; minor_version?: number };
  display_information: { name: string; description?: string };
  features?: {
    app_home?: {
      home_tab_enabled?: boolean;
      messages_tab_enabled?: boolean;
      messages_tab_read_only_enabled?: boolean;
    };
    bot_user?: { display_name: string; always_online?: boolean };
    slash_commands?: SlashCommand[];
  };
  oauth_config?: {
    redirect_urls?: string[];
    scopes?: { bot?: string[]; user?: string[] };
  };
  settings?: {
    event_subscriptions?: { request_url?: string; bot_events?: string[]; user_events?: string[] };
    interactivity?: { is_enabled: boolean; request_url?: string; message_menu_options_url?: string };
    org_deploy_enabled?: boolean;
    socket_mode_enabled?: boolean;
    token_rotation_enabled?: boolean;
  };
}

function loadManifest(file: URL): Manifest {
  const doc = parseDocument(readFileSync(file, 'utf8'), { prettyErrors: true, uniqueKeys: true });
  const problems = [...doc.errors, ...doc.warnings].map((e) => e.message);
  if (problems.length > 0) {
    throw new Error(`YAML problems in ${fileURLToPath(file)}:\n${problems.join('\n')}`);
  }
  return doc.toJS() as Manifest;
}

/**
 * Mirrors slackapi/manifest-schema's dispatcher: `_metadata.major_version` 2
 * selects schema 2.0.0; 1, absent, or no `_metadata` selects 1.0.0.
 */
function schemaVersionFor(manifest: Manifest): '1.0.0' | '2.0.0' {
  return manifest._metadata?.major_version === 2 ? '2.0.0' : '1.0.0';
}

const validators = new Map<string, ValidateFunction>();

function validatorFor(version: '1.0.0' | '2.0.0'): ValidateFunction {
  const cached = validators.get(version);
  if (cached) return cached;
  const schema = readSlackReference<Record<string, unknown>>(`manifest.schema.${version}.json`);
  // The schemas declare draft-07, Ajv's default dialect (not Ajv2019/Ajv2020).
  expect(schema['$schema']).toBe('http://json-schema.org/draft-07/schema#');
  // Strict, except strictTypes: the schema's Slack-platform (hermes) part has
  // `minItems` on a string-typed node, which strictTypes rejects at compile time.
  const ajv = new Ajv({ allErrors: true, strict: true, strictTypes: false });
  addFormats(ajv);
  // Non-standard keywords in Slack's schema: `_note` is a comment; `regex`
  // (on background_color) is meant as a pattern, so enforce it as one.
  ajv.addVocabulary(['_note']);
  ajv.addKeyword({
    keyword: 'regex',
    type: 'string',
    schemaType: 'string',
    validate: (pattern: string, data: string) => new RegExp(pattern, 'u').test(data),
  });
  const validate = ajv.compile(schema);
  validators.set(version, validate);
  return validate;
}

function formatErrors(errors: ErrorObject[] | null | undefined): string {
  return (errors ?? [])
    .map((e) => `  ${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`)
    .join('\n');
}

/** A deep copy of the manifest without its transport settings. */
function withoutTransport(manifest: Manifest): Manifest {
  const copy = structuredClone(manifest);
  delete copy.settings?.socket_mode_enabled;
  delete copy.settings?.interactivity?.request_url;
  delete copy.settings?.interactivity?.message_menu_options_url;
  delete copy.settings?.event_subscriptions?.request_url;
  for (const command of copy.features?.slash_commands ?? []) delete command.url;
  return copy;
}

const variants = [
  { name: 'slack-app.yaml (Socket Mode)', file: SOCKET_FILE },
  { name: 'slack-app.http.yaml (HTTP)', file: HTTP_FILE },
] as const;

describe('Slack app manifests', () => {
  it('finds the schemas in ../shared/slack when it is there, else in the vendored copies', () => {
    for (const version of ['1.0.0', '2.0.0']) {
      const name = `manifest.schema.${version}.json`;
      const expected = existsSync(join(SHARED_SLACK_DIR, name)) ? SHARED_SLACK_DIR : VENDORED_SLACK_DIR;
      expect(slackReferencePath(name)).toBe(join(expected, name));
      // Without ../shared (a clone on its own), the copies answer.
      expect(slackReferencePath(name, [join(tmpdir(), 'no-such-shared-dir', 'slack'), VENDORED_SLACK_DIR])).toBe(join(VENDORED_SLACK_DIR, name));
    }
  });

  describe.each(variants)('$name', ({ file }) => {
    const manifest = loadManifest(file);

    it('declares manifest major version 1 and validates against schema 1.0.0', () => {
      expect(manifest._metadata?.major_version).toBe(1);
      const version = schemaVersionFor(manifest);
      expect(version).toBe('1.0.0');
      const validate = validatorFor(version);
      const valid = validate(manifest);
      expect(valid, `manifest.schema.${version}.json errors:\n${formatErrors(validate.errors)}`).toBe(true);
    });

    it('names the app and its bot user', () => {
      expect(manifest.display_information.name).toBe('Zeren');
      expect(manifest.display_information.description).toMatch(/责任清单/);
      expect(manifest.display_information.description).toMatch(/responsibility list/i);
      expect(manifest.features?.bot_user).toEqual({ display_name: 'zeren', always_online: true });
    });

    it('has the /progress command with a description and usage hint', () => {
      const progress = manifest.features?.slash_commands?.find((c) => c.command === '/progress');
      expect(progress).toBeDefined();
      expect(progress?.description).toBe('Report progress on a responsibility item / 报告责任事项进展');
      expect(progress?.usage_hint).toMatch(/ITEM-CODE/);
      expect(progress?.usage_hint).toMatch(/N%/);
      expect(progress?.should_escape).toBe(false);
    });

    it('has the /supervise command for supervisors, with its subcommands in the usage hint', () => {
      const supervise = manifest.features?.slash_commands?.find((c) => c.command === '/supervise');
      expect(supervise).toBeDefined();
      expect(supervise?.description).toMatch(/督办/);
      expect(supervise?.usage_hint).toMatch(/help/);
      expect(supervise?.should_escape).toBe(false);
    });

    it('enables interactivity, the Home tab and the app_home_opened event', () => {
      expect(manifest.settings?.interactivity?.is_enabled).toBe(true);
      expect(manifest.features?.app_home?.home_tab_enabled).toBe(true);
      // Reminders are DMs, shown in the Messages tab; Zeren does not read DMs.
      expect(manifest.features?.app_home?.messages_tab_enabled).toBe(true);
      expect(manifest.features?.app_home?.messages_tab_read_only_enabled).toBe(true);
      expect(manifest.settings?.event_subscriptions?.bot_events).toContain('app_home_opened');
    });

    it('requests exactly the least-privilege bot scopes and no user scopes', () => {
      expect([...(manifest.oauth_config?.scopes?.bot ?? [])].sort()).toEqual(EXPECTED_BOT_SCOPES);
      expect(manifest.oauth_config?.scopes?.user ?? []).toEqual([]);
      expect(manifest.settings?.event_subscriptions?.user_events ?? []).toEqual([]);
    });

    it('is a single-workspace install without token rotation', () => {
      expect(manifest.oauth_config?.redirect_urls ?? []).toEqual([]);
      expect(manifest.settings?.org_deploy_enabled).toBe(false);
      expect(manifest.settings?.token_rotation_enabled).toBe(false);
    });
  });

  it('uses Socket Mode without request URLs in slack-app.yaml', () => {
    const manifest = loadManifest(SOCKET_FILE);
    expect(manifest.settings?.socket_mode_enabled).toBe(true);
    expect(JSON.stringify(manifest)).not.toMatch(/https?:\/\//);
  });

  it('uses HTTP with every request URL on /slack/events in slack-app.http.yaml', () => {
    const manifest = loadManifest(HTTP_FILE);
    expect(manifest.settings?.socket_mode_enabled).toBe(false);
    expect(manifest.settings?.interactivity?.request_url).toBe(PUBLIC_URL);
    expect(manifest.settings?.interactivity?.message_menu_options_url).toBe(PUBLIC_URL);
    expect(manifest.settings?.event_subscriptions?.request_url).toBe(PUBLIC_URL);
    const commands = manifest.features?.slash_commands ?? [];
    expect(commands.length).toBeGreaterThan(0);
    for (const command of commands) expect(command.url, command.command).toBe(PUBLIC_URL);
  });

  it('keeps the two variants identical apart from the transport settings', () => {
    const socket = withoutTransport(loadManifest(SOCKET_FILE));
    const http = withoutTransport(loadManifest(HTTP_FILE));
    expect(http).toEqual(socket);
  });
});
