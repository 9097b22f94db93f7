import { SetMetadata } from '@nestjs/common';
import type { GetPromptResult, Icon, PromptArgument } from '@modelcontextprotocol/server';
import type { CompleterSpec } from '../resources/resource.decorator';
import { McpCapabilityHost } from '../tools/tool.decorator';

export const PROMPT_METADATA = 'switchboard:prompt';

export interface PromptOptions {
  name: string;
  title?: string;
  description?: string;
  arguments?: PromptArgument[];
  /** Completion for arguments (`completion/complete` with `ref/prompt`). */
  /** Functions, or names of methods of the same class: `{ customerId: 'customerIds' }`. */
  complete?: Record<string, CompleterSpec>;
  icons?: Icon[];
  scopes?: string[];
}

/** A prompt handler returns messages, or a full `GetPromptResult`. */
export type PromptBody = GetPromptResult | GetPromptResult['messages'];

/**
 * Registers a method as a prompt: `(args: Record<string, string>, ctx) => PromptBody`.
 * Required arguments are checked before the handler runs.
 *
 * @example
 * ```ts
 * @Prompt({ name: 'triage_ticket', arguments: [{ name: 'ticketId', required: true }] })
 * triage({ ticketId }: Record<string, string>) {
 *   return [{ role: 'user', content: { type: 'text', text: `Triage ticket ${ticketId}` } }];
 * }
 * ```
 */
export function Prompt(options: PromptOptions): MethodDecorator {
  return (target, key, descriptor) => {
    McpCapabilityHost({})(target.constructor);
    SetMetadata(PROMPT_METADATA, options)(target, key, descriptor);
  };
}
