import { DynamicModule, Module } from '@nestjs/common';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { ContextModule } from './context/context.module';
import { DatabaseModule } from './database/database.module';
import { ExamplesModule } from './examples/examples.module';
import { HealthModule } from './health/health.module';
import { ObservabilityModule } from './observability/observability.module';
import { JsonLogger } from './observability/json-logger.service';
import { LoggingModule } from './observability/logging.module';
import { EventsModule } from './events/events.module';
import { LimitsModule } from './limits/limits.module';
import { HousekeepingModule } from './housekeeping/housekeeping.module';
import { StreamsModule } from './streams/streams.module';
import { ProtocolModule } from './protocol/protocol.module';
import { StatusModule } from './status/status.module';
import { ToolsModule } from './tools/tools.module';
import { TransportModule } from './transport/transport.module';

export interface AppModuleOptions {
  config: AppConfig;
  /** The provisioned, migrated database. */
  databaseUrl: string;
  /** The process logger (its level can be changed at run time by operators). */
  logger?: JsonLogger;
  /** Extra modules whose `@Tool` classes should be served (tests, embedding apps). */
  extraModules?: DynamicModule['imports'];
}

/** The whole server; feature modules are listed once here. */
@Module({})
export class AppModule {
  static forRoot(options: AppModuleOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(options.config),
        LoggingModule.forRoot(options.logger ?? new JsonLogger(options.config.LOG_LEVEL)),
        DatabaseModule.forRoot(options.databaseUrl, { poolSize: options.config.DATABASE_POOL_SIZE }),
        HealthModule,
        ObservabilityModule,
        EventsModule,
        LimitsModule,
        HousekeepingModule,
        StreamsModule,
        AuthModule,
        AuditModule,
        ToolsModule,
        ContextModule,
        ProtocolModule,
        TransportModule,
        StatusModule,
        ...(options.config.examplesEnabled ? [ExamplesModule] : []),
        ...(options.config.SWITCHBOARD_FIXTURES === 'conformance' ? [require('./fixtures/fixtures.module').FixturesModule] : []),
        ...(options.extraModules ?? []),
      ],
    };
  }
}
