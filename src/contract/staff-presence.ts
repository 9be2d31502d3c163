/**
 * Who else of the site's staff is on a complaint now: viewing it, or typing
 * a reply. Names and ids only, never the complaint's data. The console
 * renews its own presence while the view is open and says `left` when it
 * closes; a presence nobody renews lapses by itself (PRESENCE_TTL_S).
 */
import * as z from 'zod/mini';
import { Instant } from './common';

/** What a console says of its staff member on one complaint; `left` ends it at once. */
export const PRESENCE_STATES = ['viewing', 'typing', 'left'] as const;
export const PresenceState = z.enum(PRESENCE_STATES);
export type PresenceState = z.infer<typeof PresenceState>;

/** How long a presence lasts without a renewal: a closed tab (no `left` sent) disappears after this. */
export const PRESENCE_TTL_S = 45;

/** POST /v1/staff/complaints/{id}/presence */
export const PresenceRequest = z.object({
  state: PresenceState,
});
export type PresenceRequest = z.infer<typeof PresenceRequest>;

/**
 * On the staff stream, topic `presence.changed`: one principal's presence on
 * one complaint. `at` and `expiresAt` are the server's clock: a console
 * counts the lease (their difference) from when it hears it, so a clock
 * that is off does not keep or drop anyone early. After `left`, `expiresAt`
 * equals `at`.
 */
export const PresenceNotice = z.object({
  complaintId: z.string(),
  principal: z.string(),
  name: z.string(),
  state: PresenceState,
  at: Instant,
  expiresAt: Instant,
});
export type PresenceNotice = z.infer<typeof PresenceNotice>;

/** The answer to a presence: who else is on the complaint now (the asker never), so a view just opened shows them at once. */
export const PresenceAnswer = z.object({
  others: z.array(PresenceNotice),
});
export type PresenceAnswer = z.infer<typeof PresenceAnswer>;

/** GET /v1/staff/presence?site=… — who of the site's staff is on which complaint now (the asker never): a console just opened shows them at once. */
export const PresenceList = z.object({
  items: z.array(PresenceNotice),
});
export type PresenceList = z.infer<typeof PresenceList>;
