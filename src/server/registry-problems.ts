/**
 * What is wrong with a site registry file: missing, or each bad value named
 * by its path. A module of its own: the registry's parts that check
 * themselves (points settings) report here, and the registry imports them,
 * so neither has to import the other.
 */
import { StartRefused } from './start-refused';

export interface RegistryProblem {
  path: string;
  message: string;
}

export class RegistryError extends StartRefused {
  constructor(
    readonly file: string,
    readonly problems: RegistryProblem[],
  ) {
    super(`invalid site registry ${file}:\n${problems.map((p) => `  ${p.path}: ${p.message}`).join('\n')}`);
    this.name = 'RegistryError';
  }
}

/** No registry file and no sites in the database: the server serves only the sites it is given and makes none up. */
export class RegistryMissingError extends StartRefused {
  constructor(readonly file: string) {
    super(
      `no site registry at ${file}, and none in the database: the server serves only the sites it is given and makes none up. ` +
        `Write one as README.md's "Running it for real" shows, or create a site with ` +
        `\`npm run registry -- create-site <id> --origin <origin>\`, then start again ` +
        `(npm start writes one with the demo site, for trying usercare out, never for real use).`,
    );
    this.name = 'RegistryMissingError';
  }
}
