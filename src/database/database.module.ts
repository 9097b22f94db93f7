import { type DynamicModule, Global, Module } from '@nestjs/common';
import { DATABASE_POOL_SIZE_TOKEN, DATABASE_URL_TOKEN, DEFAULT_DATABASE_POOL_SIZE } from './database.tokens';
import { MigrationStatusService } from './migration-status.service';
import { PrismaService } from './prisma.service';

export interface DatabaseModuleOptions {
  /** Connections in PrismaService's pool. Default {@link DEFAULT_DATABASE_POOL_SIZE}. */
  poolSize?: number;
}

/**
 * PostgreSQL access for the whole app: {@link PrismaService} (for repositories) and
 * {@link MigrationStatusService} (for the readiness probe). The database itself is provisioned
 * and migrated before the app is built (see `provisionDatabase`).
 *
 * @example
 * const db = await provisionDatabase(config);
 * @Module({ imports: [DatabaseModule.forRoot(db.databaseUrl)] })
 * class AppModule {}
 */
@Global()
@Module({})
export class DatabaseModule {
  static forRoot(databaseUrl: string, options: DatabaseModuleOptions = {}): DynamicModule {
    return {
      module: DatabaseModule,
      providers: [
        { provide: DATABASE_URL_TOKEN, useValue: databaseUrl },
        { provide: DATABASE_POOL_SIZE_TOKEN, useValue: options.poolSize ?? DEFAULT_DATABASE_POOL_SIZE },
        {
          provide: PrismaService,
          useFactory: (url: string, poolSize: number) => new PrismaService(url, poolSize),
          inject: [DATABASE_URL_TOKEN, DATABASE_POOL_SIZE_TOKEN],
        },
        {
          provide: MigrationStatusService,
          useFactory: (url: string) => new MigrationStatusService(url),
          inject: [DATABASE_URL_TOKEN],
        },
      ],
      exports: [DATABASE_URL_TOKEN, PrismaService, MigrationStatusService],
    };
  }
}
