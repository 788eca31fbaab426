import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { loadConfig } from '../../src/config.js';

// deploy/kubernetes/ and the Dockerfile, checked without a cluster or a Docker engine (neither runs
// here). The schemas below are strict zod transcriptions of the parts of the Kubernetes API
// (apps/v1 Deployment, v1 Service, networking.k8s.io/v1 Ingress, v1 Secret, batch/v1 Job) that the
// manifests use — not the vendored OpenAPI schemas: a field we do not know is an error, so a typo
// (`livenessprobe`, `secretKeyref`) fails here instead of being ignored by kubectl.

const root = fileURLToPath(new URL('../../', import.meta.url));
const read = (path: string) => readFileSync(join(root, path), 'utf8');

const name = z.string().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/).max(63);
const labels = z.record(z.string(), z.string());
const metadata = z.object({ name, labels: labels.optional(), namespace: name.optional(), annotations: labels.optional() }).strict();
const quantity = z.string().regex(/^\d+(\.\d+)?(m|Ki|Mi|Gi)?$/);
const port = z.union([z.number().int().min(1).max(65535), name]);
const envVar = z.union([
  z.object({ name: z.string().regex(/^[A-Z_][A-Z0-9_]*$/), value: z.string() }).strict(),
  z.object({ name: z.string().regex(/^[A-Z_][A-Z0-9_]*$/), valueFrom: z.object({ secretKeyRef: z.object({ name, key: z.string(), optional: z.boolean().optional() }).strict() }).strict() }).strict(),
]);
const probe = z
  .object({
    httpGet: z.object({ path: z.string().startsWith('/'), port }).strict(),
    periodSeconds: z.number().int().positive().optional(),
    failureThreshold: z.number().int().positive().optional(),
    initialDelaySeconds: z.number().int().nonnegative().optional(),
    timeoutSeconds: z.number().int().positive().optional(),
  })
  .strict();
const container = z
  .object({
    name,
    image: z.string().regex(/^[^:\s]+:[\w.-]+$/, 'an image with an explicit tag'),
    args: z.array(z.string()).optional(),
    ports: z.array(z.object({ name, containerPort: z.number().int().min(1).max(65535) }).strict()).optional(),
    env: z.array(envVar),
    livenessProbe: probe.optional(),
    readinessProbe: probe.optional(),
    startupProbe: probe.optional(),
    resources: z.object({ requests: z.partialRecord(z.enum(['cpu', 'memory']), quantity).optional(), limits: z.partialRecord(z.enum(['cpu', 'memory']), quantity).optional() }).strict().optional(),
    securityContext: z.object({ allowPrivilegeEscalation: z.literal(false), readOnlyRootFilesystem: z.boolean() }).strict(),
  })
  .strict();
const podSpec = z
  .object({
    restartPolicy: z.enum(['Always', 'OnFailure', 'Never']).optional(),
    terminationGracePeriodSeconds: z.number().int().positive().optional(),
    securityContext: z.object({ runAsNonRoot: z.literal(true), runAsUser: z.number().int().positive() }).strict(),
    containers: z.array(container).min(1),
  })
  .strict();
const podTemplate = z.object({ metadata: z.object({ labels }).strict(), spec: podSpec }).strict();
const backend = z.object({ service: z.object({ name, port: z.object({ name }).strict() }).strict() }).strict();

const schemas = {
  Deployment: z
    .object({
      apiVersion: z.literal('apps/v1'),
      kind: z.literal('Deployment'),
      metadata,
      spec: z
        .object({
          replicas: z.number().int().min(2),
          selector: z.object({ matchLabels: labels }).strict(),
          strategy: z.object({ type: z.literal('RollingUpdate'), rollingUpdate: z.object({ maxUnavailable: z.union([z.number(), z.string()]), maxSurge: z.union([z.number(), z.string()]) }).strict() }).strict().optional(),
          template: podTemplate,
        })
        .strict(),
    })
    .strict(),
  Service: z
    .object({
      apiVersion: z.literal('v1'),
      kind: z.literal('Service'),
      metadata,
      spec: z.object({ type: z.enum(['ClusterIP', 'NodePort', 'LoadBalancer']), selector: labels, ports: z.array(z.object({ name, port: z.number().int(), targetPort: port }).strict()).min(1) }).strict(),
    })
    .strict(),
  Ingress: z
    .object({
      apiVersion: z.literal('networking.k8s.io/v1'),
      kind: z.literal('Ingress'),
      metadata,
      spec: z
        .object({
          ingressClassName: z.string().optional(),
          tls: z.array(z.object({ hosts: z.array(z.string()), secretName: name }).strict()).optional(),
          rules: z.array(z.object({ host: z.string(), http: z.object({ paths: z.array(z.object({ path: z.string().startsWith('/'), pathType: z.enum(['Exact', 'Prefix', 'ImplementationSpecific']), backend }).strict()) }).strict() }).strict()),
        })
        .strict(),
    })
    .strict(),
  Secret: z.object({ apiVersion: z.literal('v1'), kind: z.literal('Secret'), metadata, type: z.literal('Opaque'), stringData: z.record(z.string(), z.string()) }).strict(),
  Job: z
    .object({
      apiVersion: z.literal('batch/v1'),
      kind: z.literal('Job'),
      metadata,
      spec: z.object({ backoffLimit: z.number().int().nonnegative().optional(), ttlSecondsAfterFinished: z.number().int().positive().optional(), template: podTemplate }).strict(),
    })
    .strict(),
};
type Kind = keyof typeof schemas;
type Manifests = { [K in Kind]: z.output<(typeof schemas)[K]> };

function loadManifests(): Manifests {
  const found: Partial<Record<Kind, unknown>> = {};
  for (const file of readdirSync(join(root, 'deploy/kubernetes')).filter((file) => file.endsWith('.yaml'))) {
    for (const document of parseAllDocuments(read(`deploy/kubernetes/${file}`))) {
      expect(document.errors, file).toEqual([]);
      const object = document.toJS() as { kind: Kind };
      expect(Object.keys(schemas), `${file}: kind`).toContain(object.kind);
      const parsed = schemas[object.kind].safeParse(object);
      expect(parsed.success ? [] : parsed.error.issues, `${file} (${object.kind})`).toEqual([]);
      expect(found[object.kind], `a second ${object.kind}`).toBeUndefined();
      found[object.kind] = parsed.data;
    }
  }
  for (const kind of Object.keys(schemas)) expect(found, `deploy/kubernetes has a ${kind}`).toHaveProperty(kind);
  return found as Manifests;
}

// The routes the server registers, read from the sources (fastify.get('/…') / fastify.post('/…')).
const sourceFiles = (dir: string): string[] =>
  readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? sourceFiles(`${dir}/${entry.name}`) : entry.name.endsWith('.ts') ? [`${dir}/${entry.name}`] : []));
const sources = sourceFiles('src').map(read).join('\n');
const routes = new Set([...sources.matchAll(/fastify\.(?:get|post)(?:<[^(]*>)?\(\s*['`](\/[^'`$]*)/g)].map((match) => match[1] as string));
// The settings src/config.ts knows.
const settings = new Set([...read('src/config.ts').matchAll(/^ {2}([A-Z][A-Z0-9_]+): \[/gm)].map((match) => match[1] as string));

// Added by a helper working beside this change (SPEC §2.9 "trust"). Listed so
// that the manifests can name them now; each must be absent from the sources (else prune it here,
// and the check below then holds it like any other name).
const arriving = { routes: [] as string[], settings: [] as string[] };

describe('deploy/kubernetes', () => {
  const manifests = loadManifests();
  const [bot] = manifests.Deployment.spec.template.spec.containers;
  const [migrate] = manifests.Job.spec.template.spec.containers;

  it('the arriving names are still arriving (prune the list once they land)', () => {
    for (const route of arriving.routes) expect(routes.has(route), route).toBe(false);
    for (const setting of arriving.settings) expect(settings.has(setting), setting).toBe(false);
    expect(routes).toContain('/healthz');
    expect(settings).toContain('DATABASE_URL');
  });

  it('probes: liveness /livez, readiness /healthz, on routes the server has', () => {
    expect(bot?.livenessProbe?.httpGet.path).toBe('/livez');
    expect(bot?.readinessProbe?.httpGet.path).toBe('/healthz');
    for (const probe of [bot?.livenessProbe, bot?.readinessProbe, bot?.startupProbe]) {
      const path = probe?.httpGet.path as string;
      expect(routes.has(path) || arriving.routes.includes(path), path).toBe(true);
      expect(bot?.ports?.map((entry) => entry.name)).toContain(probe?.httpGet.port);
    }
  });

  it('every replica: HTTP mode, the scheduler on, only settings config.ts knows, valid values', () => {
    const names = (bot?.env ?? []).map((entry) => entry.name);
    for (const env of [...names, ...(migrate?.env ?? []).map((entry) => entry.name)]) expect(settings.has(env) || arriving.settings.includes(env), env).toBe(true);
    expect(names).not.toContain('SLACK_APP_TOKEN');
    expect(bot?.env).toContainEqual({ name: 'ZEREN_SCHEDULER', value: 'on' });
    expect(manifests.Deployment.spec.replicas).toBeGreaterThan(1);
    // The values as the pod sees them (Secret keys filled in from the example Secret) pass config.ts.
    const secret = manifests.Secret.stringData;
    const env = Object.fromEntries((bot?.env ?? []).map((entry) => [entry.name, 'value' in entry ? entry.value : secret[entry.valueFrom.secretKeyRef.key]]));
    expect(() => loadConfig(env)).not.toThrow();
    expect(String(bot?.ports?.[0]?.containerPort)).toBe(env.PORT);
  });

  it('the Secret holds every key the pods read, and the tokens and keys', () => {
    const keys = Object.keys(manifests.Secret.stringData);
    for (const entry of [...(bot?.env ?? []), ...(migrate?.env ?? [])]) {
      if ('valueFrom' in entry) {
        expect(entry.valueFrom.secretKeyRef.name).toBe(manifests.Secret.metadata.name);
        expect(keys, entry.name).toContain(entry.valueFrom.secretKeyRef.key);
      }
    }
    for (const key of ['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET', 'ZEREN_LEDGER_KEY', 'DATABASE_URL', 'DATABASE_OWNER_URL']) expect(keys).toContain(key);
    // No real secret in the example: placeholders only.
    for (const value of Object.values(manifests.Secret.stringData)) expect(value).toMatch(/replace-?me/i);
  });

  it('the migrate Job runs `zeren migrate` as the owner role, the same image as the replicas', () => {
    expect(migrate?.args).toEqual(['migrate']);
    expect(migrate?.image).toBe(bot?.image);
    expect(migrate?.env).toContainEqual({ name: 'DATABASE_URL', valueFrom: { secretKeyRef: { name: 'zeren', key: 'DATABASE_OWNER_URL' } } });
    expect(bot?.env).toContainEqual({ name: 'DATABASE_URL', valueFrom: { secretKeyRef: { name: 'zeren', key: 'DATABASE_URL' } } });
    expect(manifests.Job.spec.template.spec.restartPolicy).toBe('Never');
  });

  it('Service and Ingress reach the replicas; the Ingress exposes /slack/events, /public, /exports and no probe', () => {
    expect(manifests.Service.spec.selector).toEqual(manifests.Deployment.spec.selector.matchLabels);
    expect(manifests.Deployment.spec.template.metadata.labels).toMatchObject(manifests.Deployment.spec.selector.matchLabels);
    expect(bot?.ports?.map((entry) => entry.name)).toContain(manifests.Service.spec.ports[0]?.targetPort);
    const paths = manifests.Ingress.spec.rules.flatMap((rule) => rule.http.paths);
    expect(paths.map((path) => path.path)).toEqual(['/slack/events', '/public', '/exports']);
    for (const path of paths) {
      expect(path.backend.service.name).toBe(manifests.Service.metadata.name);
      expect(manifests.Service.spec.ports.map((entry) => entry.name)).toContain(path.backend.service.port.name);
      expect([...routes].some((route) => route === path.path || route.startsWith(`${path.path}/`)), path.path).toBe(true);
    }
  });
});

describe('Dockerfile', () => {
  const dockerfile = read('Dockerfile');
  const instructions = dockerfile
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));
  const stages = instructions.filter((line) => /^FROM /i.test(line));
  const runtime = instructions.slice(instructions.lastIndexOf(stages.at(-1) as string));

  it('is multi-stage, on Node base images pinned by major version that engines allows', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    const engines = (JSON.parse(read('package.json')) as { engines: { node: string } }).engines.node;
    const lowest = Number(/(\d+)/.exec(engines)?.[1]);
    for (const stage of stages) {
      const image = /^FROM\s+(\S+)/i.exec(stage)?.[1] as string;
      expect(image, stage).toMatch(/^node:(\d+)(-[a-z]+)*(-slim)?$/);
      expect(Number(/^node:(\d+)/.exec(image)?.[1])).toBeGreaterThanOrEqual(lowest);
    }
  });

  it('compiles in the build stage and installs production dependencies only in the runtime stage', () => {
    expect(instructions.some((line) => /^RUN .*npm run build/.test(line))).toBe(true);
    expect(runtime.some((line) => /^RUN npm ci .*--omit=dev/.test(line))).toBe(true);
    expect(runtime.some((line) => /^COPY --from=\S+ \/app\/dist /.test(line))).toBe(true);
    expect(runtime.some((line) => /^COPY (src|test) /.test(line))).toBe(false);
  });

  it('runs as a user other than root, the compiled entry point', () => {
    const users = runtime.filter((line) => /^USER /i.test(line));
    expect(users.length).toBeGreaterThan(0);
    expect(users.at(-1)).not.toMatch(/^USER\s+(root|0)(:|$)/i);
    expect(runtime.findIndex((line) => /^USER /.test(line))).toBeLessThan(runtime.findIndex((line) => /^(ENTRYPOINT|CMD) /.test(line)));
    expect(runtime.find((line) => line.startsWith('ENTRYPOINT'))).toContain('bin/zeren.js');
  });

  it('bakes no secret in, and keeps .env and data out of the build context', () => {
    for (const line of instructions.filter((line) => /^(ENV|ARG|LABEL) /.test(line))) expect(line).not.toMatch(/TOKEN|SECRET|PASSWORD|LEDGER_KEY|DATABASE_URL|xox[bpa]-/i);
    expect(instructions.some((line) => /^COPY \.env|^ADD /.test(line))).toBe(false);
    const ignored = read('.dockerignore').split('\n').map((line) => line.trim());
    for (const entry of ['.env', 'node_modules', 'data', '.git']) expect(ignored).toContain(entry);
  });

  it('its health check asks the liveness probe', () => {
    expect(instructions.find((line) => line.startsWith('HEALTHCHECK'))).toContain('/livez');
  });
});
