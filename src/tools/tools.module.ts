import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { ToolCallService } from './tool-call.service';
import { ToolRegistry } from './tool-registry.service';

/** `@Tool` discovery, schema compilation and the tool-call pipeline. */
@Module({
  imports: [DiscoveryModule],
  providers: [ToolRegistry, ToolCallService],
  exports: [ToolRegistry, ToolCallService],
})
export class ToolsModule {}
