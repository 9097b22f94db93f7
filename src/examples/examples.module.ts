import { Module } from '@nestjs/common';
import { AnalyticsQueryService } from './analytics/analytics-query.service';
import { AnalyticsRepository } from './analytics/analytics.repository';
import { AnalyticsTools } from './analytics/analytics.tools';
import { SelectGuard } from './analytics/select-guard';
import { CustomerResources } from './customer.resources';
import { CustomerTools } from './customer.tools';
import { ExampleDataRepository } from './example-data.repository';
import { OrderRepository } from './order.repository';
import { OrderTools } from './order.tools';
import { TicketTools } from './ticket.tools';
import { WorkflowRunRepository } from './workflow-run.repository';
import { WorkflowTools } from './workflow.tools';

/** Example business tools over a sample dataset; on by default outside production (SWITCHBOARD_EXAMPLES). */
@Module({
  providers: [
    ExampleDataRepository,
    CustomerTools,
    CustomerResources,
    TicketTools,
    OrderRepository,
    OrderTools,
    WorkflowRunRepository,
    WorkflowTools,
    SelectGuard,
    AnalyticsRepository,
    AnalyticsQueryService,
    AnalyticsTools,
  ],
})
export class ExamplesModule {}
