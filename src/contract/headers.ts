/** Header names of the contract, in one place so client and server cannot drift. */
export const HEADERS = {
  idempotencyKey: 'Idempotency-Key',
  /** The anonymous device id; identified users send `Authorization: Bearer <host token>` instead. */
  device: 'X-Usercare-Device',
  retryAfter: 'Retry-After',
  /** An anonymous submission's access key, for reads (writes carry it in the body). */
  accessKey: 'X-Usercare-Access-Key',
} as const;

/** Idempotency keys are client-made UUIDs (or the fallback's equivalent): 16–128 url-safe chars. */
export const IDEMPOTENCY_KEY_PATTERN = /^[A-Za-z0-9_-]{16,128}$/;
export const DEVICE_ID_PATTERN = /^[A-Za-z0-9_-]{16,128}$/;
