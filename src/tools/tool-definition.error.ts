/** A tool that cannot be registered; stops the boot with a message naming class and method. */
export class ToolDefinitionError extends Error {
  constructor(where: string, problem: string) {
    super(`Invalid tool ${where}: ${problem}`);
  }
}
