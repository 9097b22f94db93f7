import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { PrismaService } from '../database/prisma.service';
import type { Prisma, WorkflowRun } from '../generated/prisma/client';

/** The key is taken: by another agent (`owner: 'other'`), or by this agent with other input (`owner: 'self'`). */
export class WorkflowKeyConflictError extends Error {
  constructor(readonly owner: 'other' | 'self') {
    super(owner === 'other' ? 'idempotency key used by another agent' : 'idempotency key used with other input');
  }
}

/** Workflow runs started by workflows_trigger; at most one per (workflow, idempotency key). */
@Injectable()
export class WorkflowRunRepository {
  constructor(private readonly prisma: PrismaService) {}

  /**
   * The run an earlier call with this key started, when it was this agent's with the same input;
   * `undefined` when the key is unused. Another agent's run is never returned.
   */
  async findRetry(
    workflow: string,
    idempotencyKey: string,
    createdBy: string,
    input: Prisma.InputJsonObject,
  ): Promise<WorkflowRun | undefined> {
    const run = await this.prisma.workflowRun.findUnique({ where: { workflow_idempotencyKey: { workflow, idempotencyKey } } });
    if (!run) return undefined;
    if (run.createdBy !== createdBy) throw new WorkflowKeyConflictError('other');
    if (!sameJson(run.input, input)) throw new WorkflowKeyConflictError('self');
    return run;
  }

  /** Starts a run, or (when a concurrent call with the same key won the race) returns that one's as a retry. */
  async start(run: {
    workflow: string;
    idempotencyKey: string;
    createdBy: string;
    input: Prisma.InputJsonObject;
  }): Promise<{ run: WorkflowRun; created: boolean }> {
    const [inserted] = await this.prisma.workflowRun.createManyAndReturn({ data: [{ id: randomUUID(), ...run }], skipDuplicates: true });
    if (inserted) return { run: inserted, created: true };
    const existing = await this.findRetry(run.workflow, run.idempotencyKey, run.createdBy, run.input);
    if (!existing) throw new Error('workflow run vanished after a key conflict');
    return { run: existing, created: false };
  }
}

function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((v, i) => sameJson(v, b[i]));
  }
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
    const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
    return ka.length === kb.length && ka.every((k) => sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
  }
  return false;
}
