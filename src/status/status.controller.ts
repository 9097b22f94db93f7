import { Controller, Get, Header } from '@nestjs/common';
import { renderStatusPage } from './status-page.renderer';
import type { StatusSnapshot } from './status-snapshot';
import { StatusService } from './status.service';

/**
 * `GET /` (HTML) and `GET /status.json`. Unauthenticated on purpose: they show the
 * server's shape and connection counts, never an agent's data. The page has no script
 * and no external asset, so the CSP allows nothing but its inline style.
 */
@Controller()
export class StatusController {
  constructor(private readonly status: StatusService) {}

  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'")
  @Header('X-Content-Type-Options', 'nosniff')
  @Header('Cache-Control', 'no-store')
  page(): string {
    return renderStatusPage(this.status.snapshot());
  }

  @Get('status.json')
  @Header('X-Content-Type-Options', 'nosniff')
  @Header('Cache-Control', 'no-store')
  json(): StatusSnapshot {
    return this.status.snapshot();
  }
}
