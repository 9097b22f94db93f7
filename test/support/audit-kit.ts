import { join } from 'node:path';
import { AUDIT_SPILL_BOUNDS, AuditSpillDirectory, type SpillBounds } from '../../src/audit/audit-spill-file';
import { AuditSpillService } from '../../src/audit/audit-spill.service';
import type { AuditRepository } from '../../src/audit/audit.repository';
import { AuditService } from '../../src/audit/audit.service';
import type { AppConfig } from '../../src/config/app-config';
import { LifecycleState } from '../../src/health/lifecycle-state.service';
import { scratchDir } from './scratch';

/** A counter that remembers its increments by label value (the audit's metrics, without prom-client). */
export class CountingCounter {
  readonly counts: Record<string, number> = {};
  inc(labels: Record<string, string>, by = 1): void {
    const key = Object.values(labels).join(',');
    this.counts[key] = (this.counts[key] ?? 0) + by;
  }
}

export interface AuditKit {
  audit: AuditService;
  spill: AuditSpillService;
  directory: AuditSpillDirectory;
  lifecycle: LifecycleState;
  metrics: { auditRowsSpilled: CountingCounter; auditRowsReplayed: CountingCounter; auditRowsNotStored: CountingCounter };
  /** Every structured error/warn line the audit and the spill logged. */
  logged: Array<{ msg: string; [key: string]: unknown }>;
}

/** An AuditService on `repository`, its spill directory in a scratch dir, a grace period of `graceMs`. */
export function newAudit(
  repository: Pick<AuditRepository, 'insertBatch'> | AuditRepository,
  options: { graceMs?: number; bounds?: SpillBounds; dir?: string } = {},
): AuditKit {
  const directory = new AuditSpillDirectory(
    options.dir ?? join(scratchDir('switchboard-audit-'), 'audit-spill'),
    options.bounds ?? AUDIT_SPILL_BOUNDS,
  );
  const metrics = {
    auditRowsSpilled: new CountingCounter(),
    auditRowsReplayed: new CountingCounter(),
    auditRowsNotStored: new CountingCounter(),
  };
  const spill = new AuditSpillService(directory, metrics as unknown as AuditSpillService['metrics']);
  const lifecycle = new LifecycleState();
  const config = { SHUTDOWN_GRACE_MS: options.graceMs ?? 1_000 } as AppConfig;
  const audit = new AuditService(repository as AuditRepository, spill, lifecycle, config);
  const logged: AuditKit['logged'] = [];
  const capture = {
    error: (line: AuditKit['logged'][number]) => logged.push(line),
    warn: (line: AuditKit['logged'][number]) => logged.push(line),
    log: () => undefined,
  };
  (audit as unknown as { logger: unknown }).logger = capture;
  (spill as unknown as { logger: unknown }).logger = capture;
  return { audit, spill, directory, lifecycle, metrics, logged };
}
