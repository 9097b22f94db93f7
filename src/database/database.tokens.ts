/** Injection token for the PostgreSQL connection string the app (or a test) runs against. */
export const DATABASE_URL_TOKEN = Symbol('DATABASE_URL');

/** Injection token for the size of PrismaService's connection pool. */
export const DATABASE_POOL_SIZE_TOKEN = Symbol('DATABASE_POOL_SIZE');

export const DEFAULT_DATABASE_POOL_SIZE = 10;
