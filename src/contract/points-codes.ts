/**
 * Code pools: the coupon codes a site's owner uploads for a pool reward of
 * its catalogue (POST /v1/staff/points/codes) and what each pool has left
 * (GET). The rules a code must meet are here as plain values, so the
 * studio names a bad line of a file by the very rule the server applies.
 * Staff only: no end-user page carries this file.
 */
import * as z from 'zod/mini';
import { LocalizedText, Slug } from './common';

/** The most codes one upload may carry: a larger file is sent as several. */
export const CODES_PER_UPLOAD = 10_000;
export const CODE_MAX_LENGTH = 200;

/**
 * Characters a code may not hold anywhere: control characters (a user
 * could never type them), lone surrogates (stored, they would become
 * another character) and line or paragraph separators.
 */
export const CODE_REFUSED_CHARACTER = /[\p{Cc}\p{Cs}\p{Zl}\p{Zp}]/u;
/** A code does not start or end with white space: users copy and type it. */
export const CODE_EDGE_SPACE = /^\s|\s$/u;

export type CodeProblem = 'empty' | 'long' | 'character' | 'space';

/** What is wrong with `code` by the server's rules, or undefined when it may be uploaded. */
export function codeProblem(code: string): CodeProblem | undefined {
  if (code === '') return 'empty';
  if (code.length > CODE_MAX_LENGTH) return 'long';
  if (CODE_REFUSED_CHARACTER.test(code)) return 'character';
  if (CODE_EDGE_SPACE.test(code)) return 'space';
  return undefined;
}

export const CouponCode = z.string().check(
  z.minLength(1),
  z.maxLength(CODE_MAX_LENGTH),
  z.refine((code) => !CODE_REFUSED_CHARACTER.test(code), 'must not hold control characters or line separators'),
  z.refine((code) => !CODE_EDGE_SPACE.test(code), 'must not start or end with white space'),
);

/** POST /v1/staff/points/codes: coupon codes for a pool reward of the catalogue, added in one transaction. */
export const CodeUpload = z.strictObject({
  site: Slug,
  reward: Slug,
  codes: z.array(CouponCode).check(z.minLength(1), z.maxLength(CODES_PER_UPLOAD)),
});
export type CodeUpload = z.infer<typeof CodeUpload>;

export const CodePoolStatus = z.strictObject({
  reward: z.string(),
  added: z.number(),
  available: z.number(),
  issued: z.number(),
  /** positions in `codes` of codes the pool held already (left, given or voided): not added again */
  inPool: z.array(z.number()),
  /** positions in `codes` of codes that repeat one earlier in the same upload: added once */
  repeated: z.array(z.number()),
});
export type CodePoolStatus = z.infer<typeof CodePoolStatus>;

/** GET /v1/staff/points/codes?site=…: each pool reward's codes left and given. */
export const CodePools = z.strictObject({
  items: z.array(
    z.strictObject({
      reward: z.string(),
      /** the reward's name in the catalogue, so staff choose by name rather than by id */
      name: LocalizedText,
      available: z.number(),
      issued: z.number(),
      void: z.number(),
    }),
  ),
});
export type CodePools = z.infer<typeof CodePools>;
