/**
 * What of the demo a registry still holds, which a server running for real
 * will not start with: the demo's site (its data is made up, and the demo
 * shop's login signs its users' tokens for anyone who asks), the staff
 * tokens the demo made, and its staff token secret (with which the demo's
 * back office signs staff in for anyone who asks). Those are well-known
 * secrets: `npm start` prints the tokens on every start, into terminals,
 * logs and shell histories, and anyone holding the registry's server secret
 * derives them and the staff secret (identities.ts). So a demo site kept
 * under another id, or its staff or staff secret copied to a real site, is
 * refused as well. Imports only identities.ts of the demo: the real start
 * loads nothing else of it.
 */
import type { Registry } from '../registry';
import type { RegistryProblem } from '../registry-problems';
import { StartRefused } from '../start-refused';
import { DEMO_SITE_ID, DEMO_STAFF, demoStaffSecret, demoStaffToken, sha256Hex } from './identities';

export class DemoLeftoversError extends StartRefused {
  constructor(
    readonly file: string,
    readonly problems: RegistryProblem[],
  ) {
    super(
      `the site registry ${file} still holds the demo, which a server running for real does not start with:\n` +
        `${problems.map((p) => `  ${p.path}: ${p.message}`).join('\n')}\n` +
        `See README.md, "Running it for real".`,
    );
    this.name = 'DemoLeftoversError';
  }
}

/** Each place the registry holds the demo's site or one of its staff tokens; none for a registry of real sites. */
export function demoLeftovers(registry: Registry): RegistryProblem[] {
  const serverSecret = new TextDecoder().decode(registry.serverSecret);
  const demoTokens = new Map(DEMO_STAFF.map((s) => [sha256Hex(demoStaffToken(serverSecret, s.role)), s.role]));
  const demoSecret = demoStaffSecret(serverSecret);
  const problems: RegistryProblem[] = [];
  registry.sites.forEach((site, i) => {
    if (site.id === DEMO_SITE_ID)
      problems.push({
        path: `sites[${i}].id`,
        message: `"${DEMO_SITE_ID}" is the demo's site, made up for trying usercare out: remove it (the demo runs with npm start)`,
      });
    if (site.staffTokenKey && new TextDecoder().decode(site.staffTokenKey) === demoSecret)
      problems.push({
        path: `sites[${i}].staffTokenSecret`,
        message:
          "is the demo's staff token secret, with which the demo signs staff tokens for anyone who asks: replace it with a secret of your own",
      });
    site.staffTokens.forEach((token, j) => {
      const role = demoTokens.get(token.tokenSha256);
      if (role)
        problems.push({
          path: `sites[${i}].staffTokens[${j}]`,
          message: `is the demo's ${role} token, which every npm start prints: replace it with a token of your own`,
        });
    });
  });
  return problems;
}

/** Throws DemoLeftoversError when the registry holds anything of the demo. */
export function refuseDemoLeftovers(registry: Registry): void {
  const problems = demoLeftovers(registry);
  if (problems.length) throw new DemoLeftoversError(registry.file, problems);
}
