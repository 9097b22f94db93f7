import { Controller, Get } from '@nestjs/common';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { DatabaseHealth } from './database.health';
import { HEALTH_PATHS } from './health.paths';
import { LifecycleState } from './lifecycle-state.service';

/** Kubernetes probes (paths in health.paths.ts). Liveness depends on nothing. */
@Controller()
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly database: DatabaseHealth,
    private readonly lifecycle: LifecycleState,
  ) {}

  @Get(HEALTH_PATHS.live)
  @HealthCheck()
  live() {
    return this.health.check([]);
  }

  @Get(HEALTH_PATHS.ready)
  @HealthCheck()
  ready() {
    return this.health.check([() => this.accepting(), () => this.database.reachable(), () => this.database.migrated()]);
  }

  @Get(HEALTH_PATHS.startup)
  @HealthCheck()
  startup() {
    return this.health.check([() => this.database.reachable(), () => this.database.migrated()]);
  }

  private accepting() {
    const indicator = this.indicators.check('lifecycle');
    return this.lifecycle.isDraining ? indicator.down({ reason: 'shutting down' }) : indicator.up();
  }
}
