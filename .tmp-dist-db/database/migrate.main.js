"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
/**
 * `node dist/database/migrate.main.js` (`npm run db:migrate`): applies pending migrations to
 * DATABASE_URL and exits — 0 on success, 1 on failure. The Kubernetes migration Job runs it.
 */
require("reflect-metadata");
const app_config_1 = require("../config/app-config");
const migrator_1 = require("./migrator");
const wait_for_database_1 = require("./wait-for-database");
async function main() {
    const config = (0, app_config_1.loadConfig)();
    if (!config.DATABASE_URL) {
        process.stderr.write('migrate: DATABASE_URL is required (the embedded PostgreSQL migrates itself at start-up)\n');
        return 1;
    }
    const target = (0, wait_for_database_1.describeTarget)(config.DATABASE_URL);
    await (0, wait_for_database_1.waitForDatabase)(config.DATABASE_URL, { log: (m) => process.stderr.write(`migrate: ${m}\n`) });
    const applied = await (0, migrator_1.applyMigrations)(config.DATABASE_URL);
    process.stdout.write(applied.length === 0
        ? `migrate: ${target} is up to date, nothing to apply\n`
        : `migrate: applied ${applied.length} migration(s) to ${target}:\n${applied.map((n) => `  ${n}\n`).join('')}`);
    return 0;
}
main().then((code) => (process.exitCode = code), (error) => {
    process.stderr.write(`migrate: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
});
//# sourceMappingURL=migrate.main.js.map