/**
 * What the studio asks of the code pools (src/server/routes/staff-points.ts):
 * each pool reward's codes left, and an upload of codes to one pool, whose
 * answer names the codes the pool held already and those repeated. Answers
 * are checked against the contract (src/contract/points-codes.ts).
 */
import { CodePools, CodePoolStatus } from '../../contract/points-codes';
import { randomId } from '../ids';
import type { StaffRuntime } from './staff-runtime';

export class StaffCodesApi {
  constructor(private readonly staff: StaffRuntime) {}

  private get token() {
    const token = this.staff.identity.currentToken();
    return token ? { token } : {};
  }

  pools(): Promise<CodePools> {
    return this.staff.api.codePools();
  }

  /** Added in one transaction on the server: all of them or, on any refusal, none. */
  upload(reward: string, codes: readonly string[]): Promise<CodePoolStatus> {
    return this.staff.api.rest.request(
      'POST',
      '/v1/staff/points/codes',
      CodePoolStatus,
      { site: this.staff.site, reward, codes },
      { ...this.token, idempotencyKey: randomId() },
    );
  }
}
