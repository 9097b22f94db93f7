import { Injectable } from '@nestjs/common';
import { Prompt } from '../prompts/prompt.decorator';
import { Resource, ResourceTemplate } from '../resources/resource.decorator';
import { CUSTOMERS_READ } from './customer.tools';
import { ExampleDataRepository } from './example-data.repository';

/** The sample customers as resources, plus a prompt that drafts a reply to one. */
@Injectable()
export class CustomerResources {
  constructor(private readonly data: ExampleDataRepository) {}

  @Resource({
    uri: 'switchboard://examples/readme',
    name: 'examples-readme',
    title: 'About the example dataset',
    mimeType: 'text/markdown',
  })
  readme(): string {
    return '# Example dataset\n\nCustomers (`customers://{customerId}`), their orders (orders_get, orders_summary), support tickets and workflow runs (workflows_trigger), for trying Switchboard tools.';
  }

  @ResourceTemplate({
    uriTemplate: 'customers://{customerId}',
    name: 'customer',
    title: 'Customer record',
    mimeType: 'application/json',
    scopes: [CUSTOMERS_READ],
    complete: { customerId: 'customerIds' },
  })
  async customer(_uri: URL, { customerId }: Record<string, string>) {
    const customer = await this.data.findCustomer(customerId);
    return customer ? { text: JSON.stringify(customer) } : undefined;
  }

  @Prompt({
    name: 'customer_reply',
    title: 'Draft a reply to a customer',
    description: 'Drafts a courteous reply to a customer about a topic, in their tier’s tone.',
    arguments: [
      { name: 'customerId', description: 'e.g. cus_001', required: true },
      { name: 'topic', description: 'What the reply is about', required: true },
    ],
    complete: { customerId: 'customerIds' },
    scopes: [CUSTOMERS_READ],
  })
  async reply({ customerId, topic }: Record<string, string>) {
    const customer = await this.data.findCustomer(customerId);
    const who = customer ? `${customer.name} (${customer.tier} tier, ${customer.country})` : `customer ${customerId}`;
    return [
      { role: 'user' as const, content: { type: 'text' as const, text: `Write a short, courteous reply to ${who} about: ${topic}` } },
    ];
  }

  /** Completer for `customerId` arguments. */
  async customerIds(prefix: string): Promise<string[]> {
    const rows = await this.data.searchCustomers({ take: 50 });
    return rows.map((c) => c.id).filter((id) => id.startsWith(prefix));
  }
}
