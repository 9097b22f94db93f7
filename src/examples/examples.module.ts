import { Module } from '@nestjs/common';
import { CustomerResources } from './customer.resources';
import { CustomerTools } from './customer.tools';
import { ExampleDataRepository } from './example-data.repository';
import { TicketTools } from './ticket.tools';

/** Example business tools over a sample dataset; on by default outside production (SWITCHBOARD_EXAMPLES). */
@Module({ providers: [ExampleDataRepository, CustomerTools, CustomerResources, TicketTools] })
export class ExamplesModule {}
