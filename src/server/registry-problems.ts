/**
 * What is wrong with a site registry file, each bad value named by its path.
 * A module of its own, importing nothing: the registry's parts that check
 * themselves (points settings) report here, and the registry imports them,
 * so neither has to import the other.
 */

export interface RegistryProblem {
  path: string;
  message: string;
}

export class RegistryError extends Error {
  constructor(
    readonly file: string,
    readonly problems: RegistryProblem[],
  ) {
    super(`invalid site registry ${file}:\n${problems.map((p) => `  ${p.path}: ${p.message}`).join('\n')}`);
    this.name = 'RegistryError';
  }
}
