import { Injectable } from '@nestjs/common';
import { Tool } from '../tools/tool.decorator';
import type { ToolContext } from '../tools/tool-context';
import { ToolError } from '../tools/tool-error';
import type { Customer } from '../generated/prisma/client';
import { CustomerDto, CustomerLookupInput, CustomerPage, CustomerSearchInput } from './dto/customer.dto';
import { ExampleDataRepository } from './example-data.repository';

export const CUSTOMERS_READ = 'customers:read';

/** Read-only customer lookups over the sample dataset. */
@Injectable()
export class CustomerTools {
  constructor(private readonly data: ExampleDataRepository) {}

  @Tool({
    name: 'customers_get',
    title: 'Get customer',
    description: 'Looks up one customer by id (e.g. cus_001): name, email, tier, country.',
    input: CustomerLookupInput,
    output: CustomerDto,
    scopes: [CUSTOMERS_READ],
    annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
  })
  async get(input: CustomerLookupInput): Promise<CustomerDto> {
    const customer = await this.data.findCustomer(input.customerId);
    if (!customer) throw new ToolError(`No customer with id ${input.customerId}`);
    return toDto(customer);
  }

  @Tool({
    name: 'customers_search',
    title: 'Search customers',
    description: 'Searches customers by name or email, optionally by tier; paginated with nextCursor.',
    input: CustomerSearchInput,
    output: CustomerPage,
    scopes: [CUSTOMERS_READ],
    annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
  })
  async search(input: CustomerSearchInput, ctx: ToolContext): Promise<CustomerPage> {
    const limit = input.limit ?? 10;
    const afterId = input.cursor ? decodeCursor(input.cursor) : undefined;
    const rows = await this.data.searchCustomers({ query: input.query, tier: input.tier, afterId, take: limit + 1 });
    ctx.progress(1, 1);
    const page = rows.slice(0, limit);
    return {
      customers: page.map(toDto),
      ...(rows.length > limit && { nextCursor: Buffer.from(page[page.length - 1].id).toString('base64url') }),
    };
  }
}

function decodeCursor(cursor: string): string {
  const id = Buffer.from(cursor, 'base64url').toString();
  if (!/^cus_[A-Za-z0-9]{1,32}$/.test(id)) throw new ToolError('cursor is not one this tool issued');
  return id;
}

function toDto(c: Customer): CustomerDto {
  return { id: c.id, name: c.name, email: c.email, tier: c.tier, country: c.country, createdAt: c.createdAt.toISOString() };
}
