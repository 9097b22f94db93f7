import { Injectable } from '@nestjs/common';
import type { Prisma } from '../generated/prisma/client';
import { Tool } from '../tools/tool.decorator';
import type { ToolContext } from '../tools/tool-context';
import { ToolError } from '../tools/tool-error';
import { type WorkflowName, WorkflowParams, WorkflowRunDto, WorkflowTriggerInput } from './dto/workflow.dto';
import { ExampleDataRepository } from './example-data.repository';
import { OrderRepository } from './order.repository';
import { WorkflowKeyConflictError, WorkflowRunRepository } from './workflow-run.repository';

export const WORKFLOWS_RUN = 'workflows:run';

/** Which params each workflow needs (the input class allows all of them, for every workflow). */
const REQUIRED_PARAMS: Record<WorkflowName, ReadonlyArray<keyof WorkflowParams>> = {
  refund_order: ['orderId', 'reason'],
  resend_invoice: ['orderId'],
  escalate_ticket: ['ticketId', 'reason'],
};

/** Starts back-office workflows; safe to retry: one run per idempotency key. */
@Injectable()
export class WorkflowTools {
  constructor(
    private readonly runs: WorkflowRunRepository,
    private readonly orders: OrderRepository,
    private readonly data: ExampleDataRepository,
  ) {}

  @Tool({
    name: 'workflows_trigger',
    title: 'Trigger a workflow',
    description:
      'Starts a back-office workflow and returns its run id. refund_order {orderId, reason} refunds a paid or shipped order; ' +
      'resend_invoice {orderId} re-sends an order’s invoice; escalate_ticket {ticketId, reason} escalates a support ticket. ' +
      'idempotencyKey is required: a retry with the same key returns the first run (created: false) instead of starting another.',
    input: WorkflowTriggerInput,
    output: WorkflowRunDto,
    scopes: [WORKFLOWS_RUN],
    annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
  })
  async trigger(input: WorkflowTriggerInput, ctx: ToolContext): Promise<WorkflowRunDto> {
    const workflow = input.workflow as WorkflowName;
    const params = pickParams(workflow, input.params);
    const run = { workflow, idempotencyKey: input.idempotencyKey, createdBy: ctx.identity.agentId, input: params };
    try {
      // A retry gets its run back even if the world changed since (the refunded order is no longer "paid").
      const retry = await this.runs.findRetry(run.workflow, run.idempotencyKey, run.createdBy, run.input);
      if (retry) return toDto(retry, false);
      await this.checkPreconditions(workflow, input.params);
      const started = await this.runs.start(run);
      return toDto(started.run, started.created);
    } catch (err) {
      if (err instanceof WorkflowKeyConflictError) {
        throw new ToolError(
          err.owner === 'other'
            ? `idempotencyKey is already used by another caller for ${workflow}; choose a new one`
            : `idempotencyKey was already used for ${workflow} with different params; use a new key for a different request`,
        );
      }
      throw err;
    }
  }

  private async checkPreconditions(workflow: WorkflowName, params: WorkflowParams): Promise<void> {
    if (workflow === 'escalate_ticket') {
      if (!(await this.data.findTicket(params.ticketId!))) throw new ToolError(`No ticket with id ${params.ticketId}`);
      return;
    }
    const order = await this.orders.findOrder(params.orderId!);
    if (!order) throw new ToolError(`No order with id ${params.orderId}`);
    if (workflow === 'refund_order' && order.status !== 'paid' && order.status !== 'shipped') {
      throw new ToolError(`Order ${order.id} is ${order.status}, not paid: only paid or shipped orders can be refunded`);
    }
    if (workflow === 'resend_invoice' && order.status === 'cancelled') {
      throw new ToolError(`Order ${order.id} is cancelled: it has no invoice to resend`);
    }
  }
}

/** The workflow's params, checked for the required ones and with the ones it does not use refused. */
function pickParams(workflow: WorkflowName, params: WorkflowParams): Prisma.InputJsonObject {
  const required = REQUIRED_PARAMS[workflow];
  const missing = required.filter((name) => params[name] === undefined);
  if (missing.length) throw new ToolError(`${workflow} needs ${missing.map((name) => `params.${name}`).join(' and ')}`);
  const extra = (Object.keys(params) as Array<keyof WorkflowParams>).filter(
    (name) => params[name] !== undefined && !required.includes(name),
  );
  if (extra.length) throw new ToolError(`${workflow} does not take ${extra.map((name) => `params.${name}`).join(', ')}`);
  return Object.fromEntries(required.map((name) => [name, params[name]!]));
}

function toDto(run: { id: string; workflow: string; status: string; createdAt: Date }, created: boolean): WorkflowRunDto {
  return { runId: run.id, workflow: run.workflow, status: run.status, created, createdAt: run.createdAt.toISOString() };
}
