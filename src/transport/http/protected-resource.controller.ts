import { Controller, Get, Header } from '@nestjs/common';
import { KNOWN_BASE_SCOPES } from '../../auth/scopes';
import { AppConfig } from '../../config/app-config';
import { ToolRegistry } from '../../tools/tool-registry.service';

/** RFC 9728 protected-resource metadata, at the root and path-aware (`…/mcp`). */
@Controller('.well-known/oauth-protected-resource')
export class ProtectedResourceController {
  constructor(
    private readonly config: AppConfig,
    private readonly tools: ToolRegistry,
  ) {}

  @Get()
  @Header('Cache-Control', 'public, max-age=300')
  root() {
    return this.metadata();
  }

  @Get('mcp')
  @Header('Cache-Control', 'public, max-age=300')
  mcp() {
    return this.metadata();
  }

  private metadata() {
    return {
      resource: this.config.audience,
      ...(this.config.AUTH_ISSUER && { authorization_servers: [this.config.AUTH_ISSUER] }),
      bearer_methods_supported: ['header'],
      scopes_supported: [...new Set([...KNOWN_BASE_SCOPES, ...this.tools.scopes()])].sort(),
      resource_name: 'Switchboard MCP',
    };
  }
}
