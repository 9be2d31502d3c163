/**
 * The signed webhook to the host site on every complaint status change, so
 * the site can notify the user by its own SMS or e-mail. Deliveries are rows
 * written in the same transaction as the change (nothing is lost when the
 * host is down) and sent by the sweep, retried with growing, jittered waits
 * until the host answers 2xx or the attempts run out.
 *
 * Each delivery is claimed before it is sent (its next attempt moved past the
 * send's timeout, only if no other sweep moved it first), so two instances
 * never send one delivery at once, even when a round outlives its lease; a
 * claim left by an instance that died lapses and the delivery is sent again.
 * Deliveries to one host go one after another, hosts in parallel: a host that
 * does not answer holds up its own deliveries only.
 *
 * The host checks `Usercare-Signature: t=<unix seconds>,v1=<hex>` where
 * v1 = HMAC-SHA256(secret, `${t}.${body}`), and ignores a delivery id it has
 * seen (`Usercare-Delivery`): a delivery may arrive twice if the host
 * answered after our timeout. While a rotated secret's overlap lasts (POST
 * /v1/staff/config/secrets/webhook/rotate with `overlapUntil`), a delivery
 * carries one `v1=` per secret still valid, the current one first:
 * `t=…,v1=<new>,v1=<old>`, the way Stripe signs during a rotation. The host
 * takes a delivery when any `v1` matches a secret it holds, so it may
 * switch to the new secret at any moment of the overlap; once the overlap
 * ends only the new secret signs. Where a delivery may go, and how it is sent
 * (https, no private address after the name is resolved, no redirect, the
 * answer's body never read), is webhook-target.ts's.
 *
 * Besides status changes, the host hears of complaints staff logged for a
 * user (`complaint.logged_for_user`, to send the user its tracking number
 * and access key) and of deadline alerts (`complaint.deadline_due_soon`,
 * `complaint.overdue`), and an admin may send a `webhook.test` event to
 * check the host's side (POST /v1/staff/config/webhook/test). An access key is never stored: the row holds the
 * body without it, and it is derived again as the delivery is sent.
 */
import { createHmac, randomUUID } from 'node:crypto';
import type { DbExecutor } from './blobs';
import type { AppDeps } from './context';
import type { Site } from './registry';
import { deriveAccessKey } from './tracking';
import { postWebhook, type WebhookOutcome } from './webhook-target';
import type { DeadlineAlertEvent, LoggedForUserEvent, WebhookTestEvent } from '../contract/webhooks';

export const SIGNATURE_HEADER = 'Usercare-Signature';
export const DELIVERY_HEADER = 'Usercare-Delivery';
const MAX_ATTEMPTS = 12;
const TIMEOUT_MS = 5000;
const BATCH = 50;
/** How long a claimed delivery is left to its sender before another sweep may take it: past one send's timeout and past a sweep's lease. */
const CLAIM_MS = 5 * 60_000;

/** The signature header's value: one `v1` per secret given (the current one first, then those still in their overlap). */
export function signWebhook(secrets: string | readonly string[], body: string, unixSeconds: number): string {
  const v1s = (typeof secrets === 'string' ? [secrets] : secrets).map(
    (secret) => `v1=${createHmac('sha256', secret).update(`${unixSeconds}.${body}`).digest('hex')}`,
  );
  return [`t=${unixSeconds}`, ...v1s].join(',');
}

/** The secrets a delivery is signed with at `now`: the current one, and each one a rotation replaced whose overlap has not ended. */
export function webhookSecretsAt(webhook: NonNullable<Site['settings']['webhook']>, now: Date): string[] {
  return [webhook.secret, ...webhook.olderSecrets.filter((s) => s.untilMs > now.getTime()).map((s) => s.secret)];
}

/** Any event the host hears of (src/contract/webhooks.ts), its `type` first. */
export type WebhookBody = LoggedForUserEvent | DeadlineAlertEvent;

/**
 * Queues `body` for the site's webhook in the caller's transaction (nothing
 * when the site has none); the sweep delivers it. `eventId` is the
 * complaint event it tells of (0 for an alert, which is no timeline event).
 */
export async function queueWebhook(
  tx: DbExecutor,
  site: Site,
  body: WebhookBody,
  options: { eventId: number; at: string },
): Promise<void> {
  if (!site.settings.webhook) return;
  await tx
    .insertInto('webhook_deliveries')
    .values({
      id: randomUUID(),
      site: site.id,
      event_id: options.eventId,
      body: JSON.stringify(body),
      attempts: 0,
      next_attempt_at: options.at,
      delivered_at: null,
      failed_at: null,
      last_error: null,
      created_at: options.at,
    })
    .execute();
}

/** What a stored body is sent as: an anonymous submitter's access key derived again (ARCHITECTURE: Access keys). */
function bodyToSend(stored: string, serverSecret: Uint8Array): string {
  const body = JSON.parse(stored) as { type: string };
  if (body.type !== 'complaint.logged_for_user') return stored;
  const logged = body as LoggedForUserEvent;
  if (!('anonymous' in logged.submitter)) return stored;
  return JSON.stringify({
    ...logged,
    complaint: { ...logged.complaint, accessKey: deriveAccessKey(serverSecret, logged.complaint.id) },
  });
}

/** 30 s, 1 min, 2 min … capped at 1 h, each with full jitter so a host coming back is not hit by every site at once. */
function retryDelayMs(attempts: number): number {
  const ceiling = Math.min(30_000 * 2 ** (attempts - 1), 3_600_000);
  return Math.max(1000, Math.floor(Math.random() * ceiling));
}

/**
 * Sends a `webhook.test` event to `url` now, signed with `secrets` (the
 * current one first), as an admin's check that the host receives and
 * verifies what the server sends. Not queued, not retried: the outcome is
 * the host's status and the time, or why it was not sent or answered.
 */
export function sendTestEvent(
  deps: AppDeps,
  site: string,
  url: string,
  secrets: readonly string[],
): Promise<WebhookOutcome> {
  const now = deps.now();
  const event: WebhookTestEvent = { type: 'webhook.test', site, at: now.toISOString() };
  const body = JSON.stringify(event);
  return postWebhook(
    url,
    {
      headers: {
        'Content-Type': 'application/json',
        [SIGNATURE_HEADER]: signWebhook(secrets, body, Math.floor(now.getTime() / 1000)),
        [DELIVERY_HEADER]: randomUUID(),
      },
      body,
      timeoutMs: TIMEOUT_MS,
    },
    deps.webhookTargets,
  );
}

/** Sends the deliveries that are due; returns how many reached the host. */
export async function deliverWebhooks(deps: AppDeps): Promise<{ delivered: number; failed: number }> {
  const now = deps.now();
  const due = await deps.db
    .selectFrom('webhook_deliveries')
    .selectAll()
    .where('delivered_at', 'is', null)
    .where('failed_at', 'is', null)
    .where('next_attempt_at', '<=', now.toISOString())
    .orderBy('next_attempt_at')
    .limit(BATCH)
    .execute();
  let delivered = 0;
  let failed = 0;
  const byHost = new Map<string, typeof due>();
  for (const delivery of due) {
    const url = deps.registry.getSite(delivery.site)?.settings.webhook?.url;
    const host = url ? new URL(url).host : '';
    byHost.set(host, [...(byHost.get(host) ?? []), delivery]);
  }
  const sendOne = async (delivery: (typeof due)[number]) => {
    const claimed = await deps.db
      .updateTable('webhook_deliveries')
      .set({ next_attempt_at: new Date(deps.now().getTime() + CLAIM_MS).toISOString() })
      .where('id', '=', delivery.id)
      .where('next_attempt_at', '=', delivery.next_attempt_at)
      .where('delivered_at', 'is', null)
      .executeTakeFirst();
    // Another sweep took it since we read it.
    if (Number(claimed.numUpdatedRows) !== 1) return;
    const webhook = deps.registry.getSite(delivery.site)?.settings.webhook;
    const attempts = delivery.attempts + 1;
    let error: string | null = null;
    const body = bodyToSend(delivery.body, deps.registry.serverSecret);
    if (!webhook) {
      error = 'the site has no webhook any more';
    } else {
      const outcome = await postWebhook(
        webhook.url,
        {
          headers: {
            'Content-Type': 'application/json',
            [SIGNATURE_HEADER]: signWebhook(webhookSecretsAt(webhook, now), body, Math.floor(now.getTime() / 1000)),
            [DELIVERY_HEADER]: delivery.id,
          },
          body,
          timeoutMs: TIMEOUT_MS,
        },
        deps.webhookTargets,
      );
      if ('error' in outcome) error = outcome.error;
      else if (outcome.status < 200 || outcome.status > 299) error = `host answered ${outcome.status}`;
    }
    const at = deps.now().toISOString();
    if (error === null) {
      delivered++;
      await deps.db
        .updateTable('webhook_deliveries')
        .set({ attempts, delivered_at: at, last_error: null })
        .where('id', '=', delivery.id)
        .execute();
    } else {
      const giveUp = attempts >= MAX_ATTEMPTS || !webhook;
      if (giveUp) {
        failed++;
        deps.log('warn', 'webhook delivery given up', { site: delivery.site, delivery: delivery.id, attempts, error });
      }
      await deps.db
        .updateTable('webhook_deliveries')
        .set({
          attempts,
          last_error: error.slice(0, 500),
          ...(giveUp
            ? { failed_at: at }
            : { next_attempt_at: new Date(deps.now().getTime() + retryDelayMs(attempts)).toISOString() }),
        })
        .where('id', '=', delivery.id)
        .execute();
    }
  };
  await Promise.all(
    [...byHost.values()].map(async (deliveries) => {
      for (const delivery of deliveries) await sendOne(delivery);
    }),
  );
  return { delivered, failed };
}
