import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { PrismaService } from '../database/prisma.service';
import type { Customer, Ticket } from '../generated/prisma/client';

export class IdempotencyKeyTakenError extends Error {}

/** The sample business data behind the example tools. */
@Injectable()
export class ExampleDataRepository {
  constructor(private readonly prisma: PrismaService) {}

  findCustomer(id: string): Promise<Customer | null> {
    return this.prisma.customer.findUnique({ where: { id } });
  }

  findTicket(id: string): Promise<Ticket | null> {
    return this.prisma.ticket.findUnique({ where: { id } });
  }

  /** Ordered by id; `afterId` is the keyset cursor. */
  searchCustomers(filter: { query?: string; tier?: string; afterId?: string; take: number }): Promise<Customer[]> {
    return this.prisma.customer.findMany({
      where: {
        ...(filter.tier && { tier: filter.tier }),
        ...(filter.afterId && { id: { gt: filter.afterId } }),
        ...(filter.query && {
          OR: [{ name: { contains: filter.query, mode: 'insensitive' } }, { email: { contains: filter.query, mode: 'insensitive' } }],
        }),
      },
      orderBy: { id: 'asc' },
      take: filter.take,
    });
  }

  /** Creates the ticket, or returns the one an earlier call with the same key created. */
  async createTicket(input: {
    customerId: string;
    subject: string;
    priority: string;
    idempotencyKey?: string;
    createdBy: string;
  }): Promise<{ ticket: Ticket; created: boolean }> {
    if (input.idempotencyKey) {
      const rows = await this.prisma.ticket.createManyAndReturn({
        data: [{ id: randomUUID(), ...input }],
        skipDuplicates: true,
      });
      if (rows[0]) return { ticket: rows[0], created: true };
      const existing = await this.prisma.ticket.findUnique({ where: { idempotencyKey: input.idempotencyKey } });
      // Another agent's key is not an answer to this agent's retry.
      if (!existing || existing.createdBy !== input.createdBy) throw new IdempotencyKeyTakenError();
      return { ticket: existing, created: false };
    }
    return { ticket: await this.prisma.ticket.create({ data: { id: randomUUID(), ...input } }), created: true };
  }
}
