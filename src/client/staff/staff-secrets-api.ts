/**
 * What the studio asks of the admin API of a site's secrets and automation
 * tokens (src/server/routes/staff-config-secrets.ts): the secrets' status,
 * a rotation (the new secret in that answer only), the tokens (issued: the
 * token in that answer only; revoked) and a webhook test. Every answer is
 * checked against the contract (src/contract/staff-config-secrets.ts).
 */
import {
  IssuedToken,
  RotatedSecret,
  SecretList,
  TokenList,
  WebhookTestResult,
  type IssueTokenRequest,
  type SecretKind,
} from '../../contract/staff-config-secrets';
import { BackendError } from '../errors';
import { StaffSiteApi } from './staff-site-api';

export class StaffSecretsApi extends StaffSiteApi {
  secrets(): Promise<SecretList> {
    return this.staff.api.rest.request('GET', `/v1/staff/config/secrets?${this.site}`, SecretList, undefined, {
      ...this.options(),
    });
  }

  /** `overlapUntil`: until when the replaced secret stays accepted; without it, it stops at once. */
  rotate(kind: SecretKind, overlapUntil: string | undefined): Promise<RotatedSecret> {
    return this.staff.api.rest.request(
      'POST',
      `/v1/staff/config/secrets/${kind}/rotate?${this.site}`,
      RotatedSecret,
      overlapUntil ? { overlapUntil } : {},
      this.options(true),
    );
  }

  tokens(): Promise<TokenList> {
    return this.staff.api.rest.request('GET', `/v1/staff/config/tokens?${this.site}`, TokenList, undefined, {
      ...this.options(),
    });
  }

  issue(request: IssueTokenRequest): Promise<IssuedToken> {
    return this.staff.api.rest.request(
      'POST',
      `/v1/staff/config/tokens?${this.site}`,
      IssuedToken,
      request,
      this.options(true),
    );
  }

  /** The server answers 204 without a body, so this reads the status alone. */
  async revoke(name: string): Promise<void> {
    const token = this.staff.identity.currentToken();
    let response: Response;
    try {
      response = await fetch(
        `${this.staff.api.rest.endpoint}/v1/staff/config/tokens/${encodeURIComponent(name)}?${this.site}`,
        { method: 'DELETE', headers: token ? { Authorization: `Bearer ${token}` } : {}, credentials: 'omit' },
      );
    } catch (error) {
      throw new BackendError('network', String(error));
    }
    if (!response.ok)
      throw new BackendError(
        response.status === 404 ? 'not_found' : response.status === 403 ? 'forbidden' : 'unauthorized',
        `the token could not be revoked (${response.status})`,
        response.status,
      );
  }

  /** Sends a test event to `url` (or the published webhook's): the host's status and the time, or why not. */
  testWebhook(url: string | undefined): Promise<WebhookTestResult> {
    return this.staff.api.rest.request(
      'POST',
      `/v1/staff/config/webhook/test?${this.site}`,
      WebhookTestResult,
      url ? { url } : {},
      this.options(true),
    );
  }
}
