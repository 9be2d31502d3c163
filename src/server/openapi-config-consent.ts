/**
 * The OpenAPI description of what the studio asks about consent before
 * publishing (routes/staff-config-consent.ts), put into the document by
 * openapi.ts with the pieces every operation shares.
 */
import { ConsentReask } from '../contract/staff-config-consent';
import type { OpenApiKit } from './openapi-config';

type JsonObject = Record<string, unknown>;

export function configConsentSchemas(kit: OpenApiKit): JsonObject {
  return { ConsentReask: kit.jsonSchema(ConsentReask, 'output') };
}

export function configConsentPaths(kit: OpenApiKit): JsonObject {
  const { json, errors, siteQuery, staffSecurity } = kit;
  return {
    '/v1/staff/config/consent-reask': {
      get: {
        operationId: 'countConsentReask',
        summary:
          'Admins signed in as a person (the `configure` permission; others 403, automation `person_required`). ' +
          'Before a new version of a consent purpose is published: of the people whose latest decision on the site ' +
          'is still in force (received within the served `expiryDays`), how many chose on `purpose` under `version` ' +
          '(`onVersion`: they are asked again on their next visit once another version is served) and how many of ' +
          'them had agreed. A person is a signed-in user, or the device of one not signed in. Counts only, never who. ' +
          'Saves nothing: no Idempotency-Key, no audit entry.',
        security: staffSecurity,
        parameters: [
          siteQuery,
          {
            name: 'purpose',
            in: 'query',
            required: true,
            description: '`category:<id>` or `separate:<id>`, as the banner asks it.',
            schema: { type: 'string', pattern: '^(category|separate):[A-Za-z0-9][A-Za-z0-9_-]{0,62}$' },
          },
          {
            name: 'version',
            in: 'query',
            required: true,
            description: 'The version the new one replaces (the one served now).',
            schema: { type: 'string', pattern: '^[A-Za-z0-9._-]{1,40}$' },
          },
        ],
        responses: {
          '200': { description: 'The counts. Cache-Control: no-store.', content: json('ConsentReask') },
          ...errors(400, 401, 403, 404),
        },
      },
    },
  };
}
