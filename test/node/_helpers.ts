/**
 * Shared by the Node tests (not itself a test: the runner's glob is *.test.ts).
 * Starts the REAL server on port 0 over a temp data dir with a sites.json the
 * tests control, and builds requests the way the browser client does.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { SignJWT } from 'jose';
import type { FeedbackSubmission } from '../../src/contract/feedback';
import type { RegistryFile, SiteEntry } from '../../src/server/registry-schema';
import { startServer } from '../../src/server/server';
import type { RunningServer, StartServerOptions } from '../../src/server/server';

export const SECRETS = {
  server: 'server-secret-for-tests-0123456789abcdef',
  test: 'test-site-secret-0123456789abcdef0123456789',
  other: 'other-site-secret-0123456789abcdef012345678',
  /** the `test` site's staff token secret: its back office signs its staff in with it */
  staff: 'test-staff-secret-0123456789abcdef0123456789',
  otherStaff: 'other-staff-secret-0123456789abcdef01234567',
} as const;

export const ALLOWED_ORIGIN = 'https://shop.example.com';
export const OTHER_ORIGIN = 'https://other.example.com';

/** A form whose file field takes big files, so the total-size limit can be reached without a per-file error. */
const BIG_FILES_FORM = {
  kinds: ['suggestion', 'complaint'],
  categories: [{ id: 'general', label: 'General' }],
  fields: [
    { name: 'message', type: 'textarea', label: 'Message', required: true },
    { name: 'files', type: 'file', label: 'Files', maxFiles: 5, maxBytes: 5 * 1024 * 1024 },
  ],
};

export function testSites(): SiteEntry[] {
  return [
    {
      id: 'test',
      allowedOrigins: [ALLOWED_ORIGIN, 'http://localhost:*'],
      hostTokenSecret: SECRETS.test,
      staffTokenSecret: SECRETS.staff,
      staffTokens: [{ name: 'agent smith', tokenSha256: 'a'.repeat(64), roles: ['agent'] }],
      publicConfig: { forms: { big: BIG_FILES_FORM } },
      settings: {
        rateLimits: { anonymousPerMinute: 1000, addressPerMinute: 1000, sitePerMinute: 1000, userPerMinute: 1000 },
        timezone: 'Asia/Shanghai',
      },
    },
    {
      id: 'other',
      allowedOrigins: [OTHER_ORIGIN],
      hostTokenSecret: SECRETS.other,
      staffTokenSecret: SECRETS.otherStaff,
      settings: { rateLimits: { anonymousPerMinute: 2, sitePerMinute: 1000 } },
    },
  ];
}

export interface TestServer extends RunningServer {
  dataDir: string;
}

export async function startTestServer(
  sites: SiteEntry[] = testSites(),
  options: Partial<StartServerOptions> = {},
): Promise<TestServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'usercare-test-'));
  const registry: RegistryFile = { serverSecret: SECRETS.server, sites };
  writeFileSync(join(dataDir, 'sites.json'), JSON.stringify(registry));
  const server = await startServer({
    port: 0,
    host: '127.0.0.1',
    dataDir,
    log: () => {},
    sweepIntervalMs: 0,
    // the tests' webhook hosts run on this machine (_webhook-host.ts)
    webhookLoopback: true,
    ...options,
  });
  return {
    ...server,
    dataDir,
    close: async () => {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface EntryProcess {
  /** The URL the entry printed once it listened; undefined when it exited first. */
  url: string | undefined;
  /** What it printed so far. */
  stdout(): string;
  stderr(): string;
  /** Its exit code, once it has exited. */
  exited: Promise<number | null>;
  /** SIGTERM, then its exit code. */
  stop(): Promise<number | null>;
}

/**
 * An entry point of the server (`src/server/main.ts`, `npm run serve`;
 * `src/server/demo/main.ts`, `npm start`'s) as a process of its own, with
 * `env` over this process's environment minus the server's own variables.
 * Resolves once it has printed the line naming its URL, or has exited.
 */
export async function spawnEntry(entry: string, env: Record<string, string>): Promise<EntryProcess> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env };
  for (const name of ['PORT', 'HOST', 'DATA_DIR', 'DATABASE_FILE', 'DATABASE_URL', 'TRUST_PROXY_HOPS'])
    delete childEnv[name];
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
    env: { ...childEnv, PORT: '0', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // 'close', not 'exit': by then all it printed has been read.
  const exited = new Promise<number | null>((done) => child.once('close', (code) => done(code)));
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  // Read every line (an unread pipe would fill and stop the server); the one naming the URL says it listens.
  const url = await new Promise<string | undefined>((done) => {
    createInterface({ input: child.stdout }).on('line', (line) => {
      stdout += `${line}\n`;
      const listening = /^usercare(?: demo)?: (http:\/\/\S+?)\/$/.exec(line);
      if (listening) done(listening[1]!);
    });
    void exited.then(() => done(undefined));
  });
  return {
    url,
    stdout: () => stdout,
    stderr: () => stderr,
    exited,
    stop: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

export interface ServerProcess {
  url: string;
  close(): Promise<void>;
}

/**
 * The real server as a process of its own (`npm run serve`'s entry point)
 * over the database given, with its own data dir holding `sites`: another
 * instance behind the same load balancer, sharing nothing with the test's
 * process but the database.
 */
export async function startServerProcess(
  sites: SiteEntry[],
  database: { file: string } | { url: string },
): Promise<ServerProcess> {
  const dataDir = mkdtempSync(join(tmpdir(), 'usercare-process-'));
  const registry: RegistryFile = { serverSecret: SECRETS.server, sites };
  writeFileSync(join(dataDir, 'sites.json'), JSON.stringify(registry));
  const cleanUp = () => rmSync(dataDir, { recursive: true, force: true });
  const server = await spawnEntry('src/server/main.ts', {
    DATA_DIR: dataDir,
    ...('file' in database ? { DATABASE_FILE: database.file } : { DATABASE_URL: database.url }),
  });
  const url = server.url;
  if (url === undefined) {
    cleanUp();
    throw new Error(`the server process exited with ${await server.exited}: ${server.stderr()}`);
  }
  return {
    url,
    close: async () => {
      await server.stop();
      cleanUp();
    },
  };
}

/** A valid anonymous submission to the `test` site's default form. */
export function submission(overrides: Partial<FeedbackSubmission> = {}): FeedbackSubmission {
  return {
    site: 'test',
    form: 'default',
    kind: 'complaint',
    category: 'publishing',
    locale: 'zh-CN',
    fields: { message: '页面加载很慢，已经三天了', email: 'user@example.com' },
    attachments: [],
    clientSubmittedAt: '2001-01-01T00:00:00.000Z',
    ...overrides,
  };
}

export const newKey = () => `key-${randomUUID()}`;
export const newDevice = () => `device-${randomUUID()}`;

export interface Call {
  status: number;
  headers: Headers;
  text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are read loosely; each test asserts the shape it needs
  json: any;
}

export async function call(
  base: string,
  method: string,
  path: string,
  options: { body?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
): Promise<Call> {
  const headers: Record<string, string> = { ...(options.headers ?? {}) };
  let body: string | undefined = options.rawBody;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['Content-Type'] ??= 'application/json';
  }
  const response = await fetch(base + path, { method, headers, body });
  const text = await response.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

/** POST /v1/feedback as an anonymous device (or with the headers given). */
export function submit(
  base: string,
  body: unknown,
  headers: Record<string, string> = { 'Idempotency-Key': newKey(), 'X-Usercare-Device': newDevice() },
): Promise<Call> {
  return call(base, 'POST', '/v1/feedback', { body, headers });
}

/** A host token issued at `issuedAtMs` (a test whose server runs on a clock of its own passes that clock). */
export async function hostToken(
  secret: string,
  sub: string,
  expiresInSeconds = 3600,
  name = 'Test User',
  issuedAtMs = Date.now(),
): Promise<string> {
  const now = Math.floor(issuedAtMs / 1000);
  return new SignJWT({ name })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(sub)
    .setIssuedAt(now)
    .setExpirationTime(now + expiresInSeconds)
    .sign(new TextEncoder().encode(secret));
}

/**
 * A host token with exactly these claims, whatever their types (jose's
 * builder would refuse a `sub` that is not a string): what a host with a
 * bug, or a prober holding the site's secret, could sign.
 */
export async function signClaims(secret: string, claims: Record<string, unknown>): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode(secret));
}

export interface StaffTokenOptions {
  sub?: string | number;
  name?: string;
  roles?: readonly string[];
  site?: string;
  /** default SECRETS.staff, the `test` site's */
  secret?: string;
  /** seconds from iat to exp (default an hour) */
  lifetime?: number;
  /** default now */
  issuedAtMs?: number;
  /** claims put over the ones above (undefined removes one) */
  claims?: Record<string, unknown>;
}

/** A staff token as a host's back office signs one for a person on its staff (by default an agent of `test`). */
export async function staffToken(options: StaffTokenOptions = {}): Promise<string> {
  const iat = Math.floor((options.issuedAtMs ?? Date.now()) / 1000);
  const claims: Record<string, unknown> = {
    sub: options.sub ?? 'staff-person-1',
    name: options.name ?? 'Staff Person',
    roles: options.roles ?? ['agent'],
    site: options.site ?? 'test',
    aud: 'usercare-staff',
    iat,
    exp: iat + (options.lifetime ?? 3600),
    ...options.claims,
  };
  for (const [k, v] of Object.entries(claims)) if (v === undefined) delete claims[k];
  return signClaims(options.secret ?? SECRETS.staff, claims);
}

/** Smallest files whose first bytes are what their type says. */
export const FILES = {
  png: Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('rest of a png')]),
  jpeg: Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('rest of a jpeg')]),
  pdf: Buffer.from('%PDF-1.7\n% a tiny pdf'),
  text: Buffer.from('just some text, not an image'),
};

export function attachment(field: string, name: string, type: string, bytes: Buffer) {
  return { field, name, type: type as never, size: bytes.length, data: bytes.toString('base64') };
}

export async function countSubmissions(server: RunningServer, site = 'test'): Promise<number> {
  const row = await server.db
    .selectFrom('submissions')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('site', '=', site)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
