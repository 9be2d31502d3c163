/**
 * The HTTP app of the reference backend: Hono, JSON only under /v1, every
 * error in the contract's one shape. It holds no state of its own: all data,
 * rate-limit buckets included, is in the database.
 */
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import { buildOpenApiDocument } from './openapi';
import { WIRE_LIMITS } from '../contract/feedback';
import { HEADERS } from '../contract/headers';
import type { Health } from '../contract/feedback';
import type { z } from 'zod/mini';
import type { BlobStore } from './blobs';
import { bodyLimit } from './body-limit';
import type { AppDeps, Log } from './context';
import { liveWakesOf } from './db/live-wakes';
import { cors } from './cors';
import { dialectOf, isUnstorableText } from './db/open';
import type { Database } from './db/schema';
import { ApiError, errorBody } from './errors';
import { REPLAYED_HEADER } from './idempotency';
import { RateLimiter } from './rate-limit';
import { refuseUnknownOrigins } from './unknown-origins';
import type { Registry } from './registry';
import {
  getComplaint,
  getComplaintFile,
  listComplaints,
  postComplaintAction,
  postComplaintMessage,
  postLookup,
} from './routes/complaints';
import { consentBodyLimit, getConsentConfig, postConsent } from './routes/consent';
import { postFeedback } from './routes/feedback';
import {
  getStaffComplaint,
  getStaffFile,
  listStaffComplaints,
  postAssignee,
  postCategory,
  postNote,
  postStaffAction,
  postReveal,
  postStaffMessage,
  postThirdPartyOutcome,
} from './routes/staff-complaints';
import { getSiteConfig } from './routes/site-config';
import { getQueue } from './routes/staff-queue';
import { getSearch } from './routes/staff-search';
import { postStaffComplaint } from './routes/staff-intake';
import { getAlerts, postDismissAlerts } from './routes/staff-alerts';
import { deleteCanned, listCanned, putCanned } from './routes/staff-canned';
import { deleteView, listViews, putView } from './routes/staff-views';
import { configBodyLimit, getDraft, postPublish, postRollback, postValidate, putDraft } from './routes/staff-config';
import { postDeadlinePreview } from './routes/staff-config-preview';
import { getConsentReask } from './routes/staff-config-consent';
import { getDiff, getVersion, getVersions } from './routes/staff-config-history';
import { getSnippet } from './routes/staff-config-snippet';
import { mountConfigSecretRoutes } from './routes/staff-config-secrets';
import { getStaffMe } from './routes/staff-me';
import { getPresence, postPresence } from './routes/staff-presence';
import { getAudit } from './routes/staff-audit';
import { exportConsents, getConsentText } from './routes/staff-consents';
import { getStaffStream, getStream } from './routes/stream';
import { getPoints, getPointsHistory, listRedemptions, postRedemption, postUndoRedemption } from './routes/points';
import {
  getAccount,
  listCodePools,
  listIncidents,
  postCodes,
  postIncident,
  postIncidentPreview,
  postStaffEntry,
} from './routes/staff-points';
import { getStaffFeedback, postFeedbackDecision } from './routes/staff-feedback';
import { postComplaintPoints } from './routes/staff-complaint-points';
import { postWithdraw } from './routes/withdraw';
import { mountStatic } from './static';
import type { StaticRoots } from './static';
import { SERVER_VERSION } from './version';

export interface CreateAppOptions {
  db: Kysely<Database>;
  registry: Registry;
  blobs: BlobStore;
  /** The server clock; tests pass a fixed one. */
  now?: () => Date;
  log?: Log;
  /** Files to serve besides the API: dist/ (and, under npm start, the demo shop's pages). */
  staticRoots?: StaticRoots;
  /** A plug-in's routes (the demo's login), mounted after the API's and before the static files. */
  mountPlugin?: (app: Hono, deps: AppDeps) => void;
  version?: string;
  /** How many proxies of our own stand in front of the server (X-Forwarded-For entries believed); 0 by default. */
  trustedProxyHops?: number;
  /** false: live streams are not woken by writes and poll every second, as before wakes (routes/stream.ts; the bench's baseline). */
  liveWakes?: boolean;
  /** false: the staff queue and search read every page from the database, keeping none (staff/page-memo.ts; the bench's figures without it). */
  keepStaffPages?: boolean;
  /** true: webhooks may go to this machine over http (webhook-target.ts): the demo and the tests only. */
  webhookLoopback?: boolean;
}

export const defaultLog: Log = (level, message, extra) => {
  const line = extra ? `${message} ${JSON.stringify(extra)}` : message;
  if (level === 'error') console.error(line);
  else if (level === 'warn') console.warn(line);
  else console.log(line);
};

/** What every route needs, made once; the server's sweep shares it with the app. */
export function createDeps(options: Omit<CreateAppOptions, 'staticRoots' | 'mountPlugin'>): AppDeps {
  const log = options.log ?? defaultLog;
  return {
    db: options.db,
    registry: options.registry,
    blobs: options.blobs,
    now: options.now ?? (() => new Date()),
    log,
    limiter: new RateLimiter(options.db),
    version: options.version ?? SERVER_VERSION,
    trustedProxyHops: options.trustedProxyHops ?? 0,
    live: options.liveWakes === false ? undefined : liveWakesOf(options.db, log),
    webhookTargets: { loopback: options.webhookLoopback === true },
    keepStaffPages: options.keepStaffPages !== false,
  };
}

export function createApp(options: CreateAppOptions, deps: AppDeps = createDeps(options)): Hono {
  const app = new Hono();

  // CORS: browsers may read our answers, error bodies and these headers
  // included; a request from an origin no site lists is then refused before
  // any route (unknown-origins.ts), and whether a listed origin may use a
  // particular site is checked by the route (403 origin_not_allowed). (Our
  // own middleware, not hono/cors: see cors.ts for why.)
  const corsMiddleware = cors({
    // Every origin may read our answers (no cookies are ever sent, credentials: 'omit'), so that a page
    // on an origin no site allows reads the 403 below instead of a network error its element would
    // retry for ever; such an origin's preflight passes for the same reason, and its request is then
    // refused before any route runs.
    origin: (origin) => origin || null,
    allowMethods: ['GET', 'POST', 'PUT', 'DELETE', 'OPTIONS'],
    allowHeaders: [
      'Content-Type',
      'Authorization',
      HEADERS.idempotencyKey,
      HEADERS.device,
      HEADERS.accessKey,
      'If-None-Match',
      'Last-Event-ID',
    ],
    exposeHeaders: [HEADERS.retryAfter, REPLAYED_HEADER, 'ETag'],
    maxAge: 600,
  });
  app.use('/v1/*', corsMiddleware);
  app.use('/openapi.json', corsMiddleware);
  app.use('/healthz', corsMiddleware);
  app.use('/v1/*', refuseUnknownOrigins(deps));

  app.use(
    '/v1/*',
    bodyLimit({
      maxSize: WIRE_LIMITS.requestBytes,
      onError: () => {
        throw new ApiError(
          413,
          'payload_too_large',
          `the request body is larger than ${WIRE_LIMITS.requestBytes} bytes`,
          {
            limit: WIRE_LIMITS.requestBytes,
          },
        );
      },
    }),
  );

  app.post('/v1/feedback', (c) => postFeedback(c, deps));
  app.post('/v1/feedback/:id/withdraw', (c) => postWithdraw(c, deps));
  app.get('/v1/complaints', (c) => listComplaints(c, deps));
  app.post('/v1/complaints/lookup', (c) => postLookup(c, deps));
  app.get('/v1/complaints/:id', (c) => getComplaint(c, deps));
  app.post('/v1/complaints/:id/actions', (c) => postComplaintAction(c, deps));
  app.post('/v1/complaints/:id/messages', (c) => postComplaintMessage(c, deps));
  app.get('/v1/complaints/:id/files/:fileId', (c) => getComplaintFile(c, deps));
  app.get('/v1/stream', (c) => getStream(c, deps));
  app.get('/v1/staff/me', (c) => getStaffMe(c, deps));
  app.get('/v1/staff/audit', (c) => getAudit(c, deps));
  app.get('/v1/staff/queue', (c) => getQueue(c, deps));
  app.get('/v1/staff/search', (c) => getSearch(c, deps));
  app.get('/v1/staff/alerts', (c) => getAlerts(c, deps));
  app.post('/v1/staff/alerts/dismiss', (c) => postDismissAlerts(c, deps));
  app.get('/v1/staff/stream', (c) => getStaffStream(c, deps));
  app.get('/v1/staff/presence', (c) => getPresence(c, deps));
  app.get('/v1/staff/canned', (c) => listCanned(c, deps));
  app.put('/v1/staff/canned/:id', (c) => putCanned(c, deps));
  app.delete('/v1/staff/canned/:id', (c) => deleteCanned(c, deps));
  app.get('/v1/staff/views', (c) => listViews(c, deps));
  app.put('/v1/staff/views/:id', (c) => putView(c, deps));
  app.delete('/v1/staff/views/:id', (c) => deleteView(c, deps));
  app.get('/v1/staff/config/draft', (c) => getDraft(c, deps));
  app.put('/v1/staff/config/draft', configBodyLimit, (c) => putDraft(c, deps));
  app.post('/v1/staff/config/validate', configBodyLimit, (c) => postValidate(c, deps));
  app.post('/v1/staff/config/deadline-preview', configBodyLimit, (c) => postDeadlinePreview(c, deps));
  app.post('/v1/staff/config/publish', configBodyLimit, (c) => postPublish(c, deps));
  app.post('/v1/staff/config/rollback', configBodyLimit, (c) => postRollback(c, deps));
  app.get('/v1/staff/config/versions', (c) => getVersions(c, deps));
  app.get('/v1/staff/config/versions/:version', (c) => getVersion(c, deps));
  app.get('/v1/staff/config/diff', (c) => getDiff(c, deps));
  app.get('/v1/staff/config/snippet', (c) => getSnippet(c, deps, options.staticRoots?.dist));
  app.get('/v1/staff/config/consent-reask', (c) => getConsentReask(c, deps));
  mountConfigSecretRoutes(app, deps);
  app.get('/v1/staff/complaints', (c) => listStaffComplaints(c, deps));
  app.post('/v1/staff/complaints', (c) => postStaffComplaint(c, deps));
  app.get('/v1/staff/complaints/:id', (c) => getStaffComplaint(c, deps));
  app.post('/v1/staff/complaints/:id/actions', (c) => postStaffAction(c, deps));
  app.post('/v1/staff/complaints/:id/messages', (c) => postStaffMessage(c, deps));
  app.post('/v1/staff/complaints/:id/reveal', (c) => postReveal(c, deps));
  app.post('/v1/staff/complaints/:id/presence', (c) => postPresence(c, deps));
  app.post('/v1/staff/complaints/:id/notes', (c) => postNote(c, deps));
  app.post('/v1/staff/complaints/:id/assignee', (c) => postAssignee(c, deps));
  app.post('/v1/staff/complaints/:id/category', (c) => postCategory(c, deps));
  app.post('/v1/staff/complaints/:id/points', (c) => postComplaintPoints(c, deps));
  app.post('/v1/staff/complaints/:id/third-party-outcome', (c) => postThirdPartyOutcome(c, deps));
  app.get('/v1/staff/complaints/:id/files/:fileId', (c) => getStaffFile(c, deps));
  app.get('/v1/points', (c) => getPoints(c, deps));
  app.get('/v1/points/history', (c) => getPointsHistory(c, deps));
  app.get('/v1/points/redemptions', (c) => listRedemptions(c, deps));
  app.post('/v1/points/redemptions', (c) => postRedemption(c, deps));
  app.post('/v1/points/redemptions/:id/undo', (c) => postUndoRedemption(c, deps));
  app.get('/v1/staff/points/incidents', (c) => listIncidents(c, deps));
  app.post('/v1/staff/points/incidents', (c) => postIncident(c, deps));
  app.post('/v1/staff/points/incidents/preview', (c) => postIncidentPreview(c, deps));
  const penalty = postStaffEntry('penalty');
  const adjustment = postStaffEntry('adjustment');
  app.post('/v1/staff/points/penalties', (c) => penalty(c, deps));
  app.post('/v1/staff/points/adjustments', (c) => adjustment(c, deps));
  app.get('/v1/staff/points/codes', (c) => listCodePools(c, deps));
  app.post('/v1/staff/points/codes', (c) => postCodes(c, deps));
  app.get('/v1/staff/points/accounts/:user', (c) => getAccount(c, deps));
  app.get('/v1/staff/feedback/:id', (c) => getStaffFeedback(c, deps));
  app.post('/v1/staff/feedback/:id/decision', (c) => postFeedbackDecision(c, deps));
  app.get('/v1/sites/:site/config', (c) => getSiteConfig(c, deps));
  app.get('/v1/sites/:site/consent', (c) => getConsentConfig(c, deps));
  app.post('/v1/consents', consentBodyLimit, (c) => postConsent(c, deps));
  app.get('/v1/staff/consents', (c) => exportConsents(c, deps));
  app.get('/v1/staff/consents/texts/:sha256', (c) => getConsentText(c, deps));

  let openapi: string | undefined;
  app.get('/openapi.json', (c) => {
    openapi ??= JSON.stringify(buildOpenApiDocument({ version: deps.version }));
    c.header('Content-Type', 'application/json; charset=utf-8');
    return c.body(openapi);
  });

  app.get('/healthz', async (c) => {
    try {
      await sql`select 1`.execute(deps.db);
    } catch (error) {
      deps.log('error', 'health check: database unreachable', { error: String(error) });
      throw new ApiError(503, 'unavailable', 'the database is not reachable');
    }
    const health: z.infer<typeof Health> = { status: 'ok', database: dialectOf(deps.db), version: deps.version };
    return c.json(health);
  });

  options.mountPlugin?.(app, deps);
  if (options.staticRoots) mountStatic(app, options.staticRoots);

  app.notFound((c) => c.json(errorBody('not_found', `no route for ${c.req.method} ${c.req.path}`), 404));

  app.onError((error, c) => {
    if (error instanceof ApiError) {
      for (const [name, value] of Object.entries(error.headers ?? {})) c.header(name, value);
      return c.json(error.body(), error.status as ContentfulStatusCode);
    }
    if (error instanceof HTTPException) {
      const code = error.status === 413 ? 'payload_too_large' : error.status < 500 ? 'invalid_request' : 'internal';
      return c.json(errorBody(code, error.message || 'request refused'), error.status);
    }
    // Retrying cannot help: a 4xx, so the outbox stops instead of sending it for ever.
    if (isUnstorableText(error))
      return c.json(errorBody('invalid_request', 'the request holds characters the database cannot store'), 400);
    deps.log('error', `unhandled error on ${c.req.method} ${c.req.path}`, {
      error: error instanceof Error ? (error.stack ?? error.message) : String(error),
    });
    return c.json(
      errorBody('internal', 'something went wrong on the server; retrying with the same Idempotency-Key is safe'),
      500,
    );
  });

  return app;
}
