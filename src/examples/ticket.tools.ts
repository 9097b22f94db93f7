import { Injectable } from '@nestjs/common';
import { Tool } from '../tools/tool.decorator';
import type { ToolContext } from '../tools/tool-context';
import { ToolError } from '../tools/tool-error';
import { TicketCreateInput, TicketDto } from './dto/ticket.dto';
import { ExampleDataRepository, IdempotencyKeyTakenError } from './example-data.repository';

export const TICKETS_WRITE = 'tickets:write';

/** Opens support tickets; safe to retry with an idempotency key. */
@Injectable()
export class TicketTools {
  constructor(private readonly data: ExampleDataRepository) {}

  @Tool({
    name: 'tickets_create',
    title: 'Open support ticket',
    description: 'Opens a support ticket for a customer. Pass idempotencyKey so that retries never create duplicates.',
    input: TicketCreateInput,
    output: TicketDto,
    scopes: [TICKETS_WRITE],
    annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  })
  async create(input: TicketCreateInput, ctx: ToolContext): Promise<TicketDto> {
    if (!(await this.data.findCustomer(input.customerId))) throw new ToolError(`No customer with id ${input.customerId}`);
    const { ticket, created } = await this.data.createTicket({ ...input, createdBy: ctx.identity.agentId }).catch((err: unknown) => {
      if (err instanceof IdempotencyKeyTakenError)
        throw new ToolError('idempotencyKey is already used by another caller; choose a new one');
      throw err;
    });
    return {
      id: ticket.id,
      customerId: ticket.customerId,
      subject: ticket.subject,
      priority: ticket.priority,
      status: ticket.status,
      createdBy: ticket.createdBy,
      createdAt: ticket.createdAt.toISOString(),
      created,
    };
  }
}
