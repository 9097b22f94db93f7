import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { PromptRegistry } from '../prompts/prompt-registry.service';
import { ResourceRegistry } from './resource-registry.service';
import { ResourceSubscriptionRepository } from './resource-subscription.repository';
import { ResourceSubscriptions } from './resource-subscriptions.service';

/** `@Resource`, `@ResourceTemplate` and `@Prompt` registries, and resource subscriptions. */
@Module({
  imports: [DiscoveryModule],
  providers: [ResourceRegistry, PromptRegistry, ResourceSubscriptionRepository, ResourceSubscriptions],
  exports: [ResourceRegistry, PromptRegistry, ResourceSubscriptions],
})
export class ResourcesModule {}
