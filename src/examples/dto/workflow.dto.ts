import { Type } from 'class-transformer';
import { IsBoolean, IsDefined, IsIn, IsISO8601, IsOptional, IsString, IsUUID, Length, Matches, ValidateNested } from 'class-validator';
import { JSONSchema } from 'class-validator-jsonschema';

export const WORKFLOWS = ['refund_order', 'resend_invoice', 'escalate_ticket'] as const;
export type WorkflowName = (typeof WORKFLOWS)[number];
export const WORKFLOW_RUN_STATUSES = ['queued', 'running', 'succeeded', 'failed'] as const;

/** One class for every workflow's parameters; which are required depends on the workflow (checked by the tool). */
export class WorkflowParams {
  @IsOptional()
  @IsString()
  @Matches(/^ord_[A-Za-z0-9]{1,32}$/, { message: 'orderId must look like ord_0001' })
  @JSONSchema({ description: 'refund_order, resend_invoice: the order, e.g. ord_0001' })
  orderId?: string;

  @IsOptional()
  @IsUUID('all', { message: 'ticketId must be a ticket id (UUID)' })
  @JSONSchema({ description: 'escalate_ticket: the ticket (its id from tickets_create)' })
  ticketId?: string;

  @IsOptional()
  @IsString()
  @Length(3, 500)
  @JSONSchema({ description: 'Why: recorded with the run (required by refund_order and escalate_ticket)' })
  reason?: string;
}

export class WorkflowTriggerInput {
  @IsIn(WORKFLOWS)
  @JSONSchema({
    description:
      'refund_order {orderId, reason}: refund a paid or shipped order; resend_invoice {orderId}; escalate_ticket {ticketId, reason}',
  })
  workflow!: string;

  @IsString()
  @Length(8, 100)
  @JSONSchema({ description: 'Required. Retrying with the same key returns the run the first call started instead of starting another' })
  idempotencyKey!: string;

  @IsDefined({ message: 'params is required (an object, e.g. {"orderId": "ord_0001"})' })
  @ValidateNested()
  @Type(() => WorkflowParams)
  params!: WorkflowParams;
}

export class WorkflowRunDto {
  @IsUUID() runId!: string;
  @IsIn(WORKFLOWS) workflow!: string;
  @IsIn(WORKFLOW_RUN_STATUSES) status!: string;
  @JSONSchema({ description: 'false when an earlier call with the same idempotencyKey started this run' })
  @IsBoolean()
  created!: boolean;
  @IsISO8601() createdAt!: string;
}
