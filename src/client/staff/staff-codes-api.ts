/**
 * What the studio asks of the code pools (src/server/routes/staff-points.ts):
 * each pool reward's codes left, and an upload of codes to one pool, whose
 * answer names the codes the pool held already and those repeated. Answers
 * are checked against the contract (src/contract/points-codes.ts).
 */
import { CodePools, CodePoolStatus } from '../../contract/points-codes';
import { StaffSiteApi } from './staff-site-api';

export class StaffCodesApi extends StaffSiteApi {
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
      this.options(true),
    );
  }
}
