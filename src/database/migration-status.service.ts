import { migrationNames } from './migration-files';
import { applyMigrations, pendingMigrations } from './migrator';

/**
 * Migration state of the app's database, for the readiness probe. Built by
 * {@link DatabaseModule} from `DATABASE_URL_TOKEN`.
 */
export class MigrationStatusService {
  private allApplied = false;

  constructor(private readonly databaseUrl: string) {}

  /**
   * Migrations in `prisma/migrations` not yet applied to the database. Once everything has
   * been seen applied it stays so (migrations are never un-applied), so later probes cost no
   * query; until then each call is one query on `_prisma_migrations`.
   */
  async pending(): Promise<string[]> {
    if (this.allApplied) return [];
    const pending = await pendingMigrations(this.databaseUrl);
    this.allApplied = pending.length === 0;
    return pending;
  }

  /** Applies pending migrations (as the provisioner does at boot); returns the names applied. */
  async apply(): Promise<string[]> {
    const applied = await applyMigrations(this.databaseUrl);
    this.allApplied = false;
    return applied;
  }

  /** Every migration this build ships, in order. */
  known(): Promise<string[]> {
    return migrationNames();
  }
}
