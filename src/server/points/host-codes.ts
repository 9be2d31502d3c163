/**
 * Rewards whose codes the host site issues (catalogue `source: "webhook"`):
 * at redemption the server asks the site's webhook for a code, signed like
 * every webhook (webhooks.ts), and the host answers `{ "code": "…" }`.
 *
 * The request is made before the ledger's transaction (a slow host must not
 * hold the account's lock), with the redemption's idempotency key as its
 * delivery id: a retry of the same confirmation asks again with the same id,
 * and the host gives the same code. When the spend then fails (the balance
 * dropped meanwhile) or the user undoes the redemption, the host is told to
 * void the code, through the webhook queue, so it arrives even if the host
 * is down at that moment.
 */
import { randomUUID } from 'node:crypto';
import type { DbExecutor } from '../blobs';
import type { AppDeps } from '../context';
import { ApiError } from '../errors';
import type { Site } from '../registry';
import { DELIVERY_HEADER, SIGNATURE_HEADER, signWebhook, webhookSecretsAt } from '../webhooks';
import { postWebhook } from '../webhook-target';
import type { ResolvedPoints } from './settings';

type RewardSetting = ResolvedPoints['catalogue'][number];

const TIMEOUT_MS = 5000;
/** The most of the host's answer read: `{ "code": … }` with a code of at most 200 characters fits many times over. */
const ANSWER_BYTES = 4096;

/** The delivery id of a redemption's code request: the same for every retry of one confirmation. */
export const codeRequestId = (site: string, user: string, key: string) => `redeem:${site}:${user}:${key}`;

/** Asks the host for a code; a host that is down, slow or answers outside this contract is a 503 the outbox retries. */
export async function codeFromHost(
  deps: AppDeps,
  site: Site,
  reward: RewardSetting,
  user: string,
  delivery: string,
): Promise<string> {
  const webhook = site.settings.webhook;
  if (!webhook)
    throw new ApiError(
      409,
      'reward_unavailable',
      `the reward "${reward.id}" is issued by the site, which has no webhook`,
      { reward: reward.id },
    );
  const now = deps.now();
  const body = JSON.stringify({
    type: 'points.code_requested',
    site: site.id,
    user: { userId: user },
    reward: { id: reward.id, name: reward.name, points: reward.points },
    delivery,
    at: now.toISOString(),
  });
  const unavailable = (why: string) => {
    deps.log('warn', 'a reward code was not issued by the host', { site: site.id, reward: reward.id, why });
    return new ApiError(503, 'unavailable', `the site could not issue a code for "${reward.id}" just now; try again`, {
      retryAfter: 30,
    });
  };
  const outcome = await postWebhook(
    webhook.url,
    {
      headers: {
        'Content-Type': 'application/json',
        [SIGNATURE_HEADER]: signWebhook(webhookSecretsAt(webhook, now), body, Math.floor(now.getTime() / 1000)),
        [DELIVERY_HEADER]: delivery,
      },
      body,
      timeoutMs: TIMEOUT_MS,
      readAnswerBytes: ANSWER_BYTES,
    },
    deps.webhookTargets,
  );
  if ('error' in outcome) throw unavailable(outcome.error);
  if (outcome.status === 409)
    throw new ApiError(409, 'reward_unavailable', `the site has no code left for the reward "${reward.id}"`, {
      reward: reward.id,
    });
  if (outcome.status < 200 || outcome.status > 299) throw unavailable(`host answered ${outcome.status}`);
  let answer: unknown;
  try {
    answer = JSON.parse(outcome.answer ?? '');
  } catch {
    throw unavailable('host answered something that is not JSON');
  }
  const code = (answer as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || code.length < 1 || code.length > 200)
    throw unavailable('host answered without a code of 1–200 characters');
  return code;
}

/** Queues the signed notice that a code the host issued is void (a failed spend, or an undo). */
export async function voidHostCode(
  tx: DbExecutor,
  site: Site,
  reward: string,
  code: string,
  why: 'not_spent' | 'undone',
  at: string,
): Promise<void> {
  if (!site.settings.webhook) return;
  await tx
    .insertInto('webhook_deliveries')
    .values({
      id: randomUUID(),
      site: site.id,
      // Not a complaint event: the queue's event id is 0 for points notices.
      event_id: 0,
      body: JSON.stringify({ type: 'points.code_voided', site: site.id, reward, code, why, at }),
      attempts: 0,
      next_attempt_at: at,
      delivered_at: null,
      failed_at: null,
      last_error: null,
      created_at: at,
    })
    .execute();
}
