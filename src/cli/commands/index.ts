import type { CommandDefinition } from '../command';
import { contextGetCommand, contextHistoryCommand, contextUpdateCommand } from './context.command';
import { sessionsListCommand } from './sessions.command';
import { tokenCommand } from './token.command';
import { toolsCallCommand, toolsListCommand } from './tools.command';

/** Every CLI command, in the order `--help` lists them. */
export const COMMANDS: readonly CommandDefinition[] = [
  tokenCommand,
  toolsListCommand,
  toolsCallCommand,
  contextGetCommand,
  contextUpdateCommand,
  contextHistoryCommand,
  sessionsListCommand,
];
