"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.provisionDatabase = provisionDatabase;
const embedded_postgres_1 = require("./embedded-postgres");
const migrator_1 = require("./migrator");
const wait_for_database_1 = require("./wait-for-database");
/**
 * Makes the app's database ready before Nest boots: the external one from DATABASE_URL, or an
 * embedded PostgreSQL under `<dataDir>/pg`; waits until it accepts connections, then applies
 * pending migrations (under Prisma's advisory lock, so replicas starting together are safe).
 */
async function provisionDatabase(config, log = () => undefined) {
    let databaseUrl;
    let stop = async () => undefined;
    const embedded = !config.DATABASE_URL;
    if (config.DATABASE_URL) {
        databaseUrl = config.DATABASE_URL;
        await (0, wait_for_database_1.waitForDatabase)(databaseUrl, { log });
    }
    else {
        const pg = await (0, embedded_postgres_1.startEmbeddedPostgres)({
            dataDir: config.dataDir,
            port: config.EMBEDDED_PG_PORT,
            logger: (line) => log(`postgres: ${line}`),
        });
        databaseUrl = pg.url;
        stop = pg.stop;
    }
    try {
        const applied = await (0, migrator_1.applyMigrations)(databaseUrl);
        log(applied.length ? `applied migrations: ${applied.join(', ')}` : 'database schema is up to date');
    }
    catch (error) {
        await stop();
        throw new Error(`Migrating ${(0, wait_for_database_1.describeTarget)(databaseUrl)} failed: ${error.message}`);
    }
    return { databaseUrl, embedded, stop };
}
//# sourceMappingURL=database-provisioner.js.map