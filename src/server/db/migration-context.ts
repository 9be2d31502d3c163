/**
 * What a migration is told when it runs. A module of its own so the
 * migrations, which the migrator imports, need not import the migrator.
 */
import type { FormConfig } from '../../config/schema';
import type { DialectName } from './open';

/** What a submission's next deadline is worked out from (009-staff-queue's back-fill). */
export interface QueueDueRow {
  site: string;
  kind: string;
  category: string;
  status: string;
  received_at: string;
  sla_json: string | null;
  complex: number;
  next_due_at: string | null;
}

export interface MigrationContext {
  dialect: DialectName;
  /**
   * A row's `next_due_at` and `next_due_soon_at` by its site's calendar, or
   * undefined for a site the registry does not have. The server passes it
   * (the calendars are the registry's); without it a migration that needs
   * it leaves those columns as they are.
   */
  queueDue?: (row: QueueDueRow) => { next_due_at: string | null; next_due_soon_at: string | null } | undefined;
  /**
   * A site's form by its id, from the registry, or undefined (013-search's
   * back-fill: which fields are personal). Without it, every form is read as
   * one the site has removed.
   */
  formOf?: (site: string, form: string) => FormConfig | undefined;
}
