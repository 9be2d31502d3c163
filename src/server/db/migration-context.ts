/**
 * What a migration is told when it runs. A module of its own so the
 * migrations, which the migrator imports, need not import the migrator.
 */
import type { DialectName } from './open';

export interface MigrationContext {
  dialect: DialectName;
}
