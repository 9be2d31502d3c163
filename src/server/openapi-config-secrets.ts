/**
 * The OpenAPI description of a site's secrets and automation tokens
 * (routes/staff-config-secrets.ts), put into the document by openapi.ts
 * with the pieces every operation shares. No answer holds a secret's value
 * or a token's hash, but the one answer that made a new one.
 */
import {
  IssuedToken,
  IssueTokenRequest,
  OVERLAP_MAX_DAYS,
  RotatedSecret,
  RotateRequest,
  SECRET_KINDS,
  SecretList,
  SignedOut,
  TokenList,
  WebhookTestRequest,
  WebhookTestResult,
} from '../contract/staff-config-secrets';
import type { OpenApiKit } from './openapi-config';

type JsonObject = Record<string, unknown>;

export function configSecretsSchemas(kit: OpenApiKit): JsonObject {
  return {
    SecretList: kit.jsonSchema(SecretList, 'output'),
    RotateRequest: kit.jsonSchema(RotateRequest, 'input'),
    RotatedSecret: kit.jsonSchema(RotatedSecret, 'output'),
    TokenList: kit.jsonSchema(TokenList, 'output'),
    IssueTokenRequest: kit.jsonSchema(IssueTokenRequest, 'input'),
    IssuedToken: kit.jsonSchema(IssuedToken, 'output'),
    SignedOut: kit.jsonSchema(SignedOut, 'output'),
    WebhookTestRequest: kit.jsonSchema(WebhookTestRequest, 'input'),
    WebhookTestResult: kit.jsonSchema(WebhookTestResult, 'output'),
  };
}

export function configSecretsPaths(kit: OpenApiKit): JsonObject {
  const { json, errors, siteQuery, staffSecurity } = kit;
  const who = 'Admins (`configure`), as a person signed in by the host (an automation token: 403 `person_required`)';
  const noStore = 'Cache-Control: no-store.';
  const kindParam = {
    name: 'kind',
    in: 'path',
    required: true,
    schema: { type: 'string', enum: [...SECRET_KINDS] },
  };
  const tokenName = { name: 'name', in: 'path', required: true, schema: { type: 'string' } };
  return {
    '/v1/staff/config/secrets': {
      get: {
        operationId: 'listSecrets',
        summary:
          `${who}: each kind of the site's secrets (\`host_token\`, \`staff_token\`, \`webhook\`): whether it is set, when ` +
          'and by whom the current one was made, and the ones a rotation replaced that are still accepted, with `validUntil`. ' +
          "Never a secret's value. The server's own secret is not among them: no route shows or changes it.",
        security: staffSecurity,
        parameters: [siteQuery],
        responses: {
          '200': { description: `The secrets, without their values. ${noStore}`, content: json('SecretList') },
          ...errors(400, 401, 403, 404),
        },
      },
    },
    '/v1/staff/config/secrets/{kind}/rotate': {
      post: {
        operationId: 'rotateSecret',
        summary:
          `${who}: a new secret of this kind (32 random bytes, base64url), shown in this answer only. The one it replaces stays ` +
          `accepted until \`overlapUntil\` (default now: at once refused; not in the past, at most ${OVERLAP_MAX_DAYS} days ahead, ` +
          'else 422), and no older one longer than that: host and staff tokens verify with either key until then, and webhook deliveries carry a `v1` for each ' +
          '(`t=…,v1=<new>,v1=<old>`). A site without a webhook or staff secret gets its first this way. No Idempotency-Key: an ' +
          'answer is never stored, and a retry makes another secret. Every instance serves the change within seconds. Audited ' +
          '(`config.secret.rotate`, with the kind and `overlapUntil`; never the secret).',
        security: staffSecurity,
        parameters: [kindParam, siteQuery],
        requestBody: { required: true, content: json('RotateRequest') },
        responses: {
          '200': { description: `The new secret: give it to the host now. ${noStore}`, content: json('RotatedSecret') },
          ...errors(400, 401, 403, 404, 422),
        },
      },
    },
    '/v1/staff/config/tokens': {
      get: {
        operationId: 'listAutomationTokens',
        summary: `${who}: the site's automation tokens (static staff tokens), revoked ones too: name, roles, when and by whom made. Never a token or its hash.`,
        security: staffSecurity,
        parameters: [siteQuery],
        responses: {
          '200': { description: `The tokens. ${noStore}`, content: json('TokenList') },
          ...errors(400, 401, 403, 404),
        },
      },
      post: {
        operationId: 'issueAutomationToken',
        summary:
          `${who}: a new automation token (\`ucs_…\`) with these roles, its principal \`staff:automation:<name>\`, shown in ` +
          'this answer only (the server keeps its SHA-256). A name the site has had, revoked or not, is a 409 `conflict` ' +
          '(details.reason `name_taken`). No Idempotency-Key: the answer is never stored. Audited (`config.token.issue`).',
        security: staffSecurity,
        parameters: [siteQuery],
        requestBody: { required: true, content: json('IssueTokenRequest') },
        responses: {
          '201': { description: `The token: hand it over now. ${noStore}`, content: json('IssuedToken') },
          ...errors(400, 401, 403, 404, 409, 422),
        },
      },
    },
    '/v1/staff/config/tokens/{name}': {
      delete: {
        operationId: 'revokeAutomationToken',
        summary: `${who}: revoke the token \`name\`: refused from now on, on every instance within seconds. Revoking a revoked one changes nothing. Audited (\`config.token.revoke\`).`,
        security: staffSecurity,
        parameters: [tokenName, siteQuery],
        responses: { '204': { description: 'Revoked.' }, ...errors(400, 401, 403, 404) },
      },
    },
    '/v1/staff/config/sign-out-staff': {
      post: {
        operationId: 'signOutStaff',
        summary: `${who}: every staff token the host signed before now (\`iat\`) is refused from now on, the asker's own included: everyone signs in again. Automation tokens are not touched (revoke them). Audited (\`config.staff.sign_out\`).`,
        security: staffSecurity,
        parameters: [siteQuery],
        responses: { '200': { description: 'Signed out.', content: json('SignedOut') }, ...errors(400, 401, 403, 404) },
      },
    },
    '/v1/staff/config/webhook/test': {
      post: {
        operationId: 'testWebhook',
        summary:
          `${who}: sends one \`webhook.test\` event, signed as deliveries are, to \`url\` (default the published webhook's). ` +
          'Answered with the host status and the time it took, or with why it was not answered and the time; never what ' +
          'the host said. A URL the server may not post to (not https, or an address of its own machine, a private, ' +
          'link-local or reserved network, as written or after its name resolves) is a 422 at `url` (code `refused_target`) ' +
          'saying why; no webhook secret yet is a 409 (details.reason `no_webhook_secret`). Audited (`config.webhook.test`, ' +
          'with the status).',
        security: staffSecurity,
        parameters: [siteQuery],
        requestBody: { required: true, content: json('WebhookTestRequest') },
        responses: {
          '200': { description: 'What became of the event.', content: json('WebhookTestResult') },
          ...errors(400, 401, 403, 404, 409, 422),
        },
      },
    },
  };
}
