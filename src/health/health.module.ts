import { Global, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { DatabaseHealth } from './database.health';
import { HealthController } from './health.controller';
import { LifecycleState } from './lifecycle-state.service';

/** /health/live, /health/ready, /health/startup. */
@Global()
@Module({
  imports: [TerminusModule.forRoot({ logger: false })],
  controllers: [HealthController],
  providers: [DatabaseHealth, LifecycleState],
  exports: [LifecycleState],
})
export class HealthModule {}
