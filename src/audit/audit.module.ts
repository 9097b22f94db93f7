import { Module } from '@nestjs/common';
import { join } from 'node:path';
import { AuditRepository } from './audit.repository';
import { AuditService } from './audit.service';
import { AuditSpillDirectory, AUDIT_SPILL_BOUNDS, AUDIT_SPILL_DIR } from './audit-spill-file';
import { AuditSpillReplayer } from './audit-spill-replayer.service';
import { AuditSpillService } from './audit-spill.service';
import { AppConfig } from '../config/app-config';
import { MetricsService } from '../observability/metrics.service';

/** The tool-call audit trail in PostgreSQL, with its spill directory for rows PostgreSQL could not take in time. */
@Module({
  providers: [
    AuditRepository,
    AuditService,
    AuditSpillReplayer,
    {
      provide: AuditSpillService,
      useFactory: (config: AppConfig, metrics: MetricsService) =>
        new AuditSpillService(new AuditSpillDirectory(join(config.dataDir, AUDIT_SPILL_DIR), AUDIT_SPILL_BOUNDS), metrics),
      inject: [AppConfig, MetricsService],
    },
  ],
  exports: [AuditService, AuditRepository],
})
export class AuditModule {}
