import { Controller, Get, Header, Res } from '@nestjs/common';
import type { Response } from 'express';
import { METRICS_PATH } from './metrics.paths';
import { MetricsService } from './metrics.service';

/**
 * Prometheus exposition for the cluster's Prometheus. Unauthenticated on purpose: the
 * NetworkPolicy admits only the monitoring namespace, and nothing here names an agent.
 */
@Controller()
export class MetricsController {
  constructor(private readonly metrics: MetricsService) {}

  @Get(METRICS_PATH)
  @Header('Cache-Control', 'no-store')
  async scrape(@Res() res: Response): Promise<void> {
    const { contentType, body } = await this.metrics.scrape();
    // end(), not send(): Express would rewrite the content type prom-client chose.
    res.setHeader('Content-Type', contentType);
    res.end(body);
  }
}
