"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.MigrationStatusService = void 0;
const migration_files_1 = require("./migration-files");
const migrator_1 = require("./migrator");
/**
 * Migration state of the app's database, for the readiness probe. Built by
 * {@link DatabaseModule} from `DATABASE_URL_TOKEN`.
 */
class MigrationStatusService {
    databaseUrl;
    allApplied = false;
    constructor(databaseUrl) {
        this.databaseUrl = databaseUrl;
    }
    /**
     * Migrations in `prisma/migrations` not yet applied to the database. Once everything has
     * been seen applied it stays so (migrations are never un-applied), so later probes cost no
     * query; until then each call is one query on `_prisma_migrations`.
     */
    async pending() {
        if (this.allApplied)
            return [];
        const pending = await (0, migrator_1.pendingMigrations)(this.databaseUrl);
        this.allApplied = pending.length === 0;
        return pending;
    }
    /** Applies pending migrations (as the provisioner does at boot); returns the names applied. */
    async apply() {
        const applied = await (0, migrator_1.applyMigrations)(this.databaseUrl);
        this.allApplied = false;
        return applied;
    }
    /** Every migration this build ships, in order. */
    known() {
        return (0, migration_files_1.migrationNames)();
    }
}
exports.MigrationStatusService = MigrationStatusService;
//# sourceMappingURL=migration-status.service.js.map