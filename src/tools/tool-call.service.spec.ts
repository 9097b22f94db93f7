import 'reflect-metadata';
import { Injectable, Logger } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Min, ValidateNested } from 'class-validator';
import type { AgentIdentity } from '../auth/agent-identity';
import { McpError } from '../protocol/mcp-error';
import { ToolCallService } from './tool-call.service';
import type { ToolContext } from './tool-context';
import { ToolError } from './tool-error';
import { Tool } from './tool.decorator';
import { ToolRegistry } from './tool-registry.service';
import { ToolsModule } from './tools.module';

class GreetInput {
  @IsString()
  name!: string;

  @IsOptional()
  @IsInt()
  @Min(1)
  times?: number;
}

class Money {
  @IsString()
  currency!: string;

  @IsInt()
  cents!: number;
}

class Balance {
  @IsString()
  accountId!: string;

  @ValidateNested()
  @Type(() => Money)
  amount!: Money;
}

class Note {
  @IsString()
  text!: string;
}

/** `@Type` forgotten on a single nested class: reflection still finds Note for the schema. */
class NoteHolder {
  @ValidateNested()
  note!: Note;
}

@Injectable()
class BankTools {
  output: unknown = { accountId: 'acc_1', amount: { currency: 'EUR', cents: 1250 } };

  @Tool({ name: 'greet', description: 'Greets', input: GreetInput })
  greet(input: GreetInput): string {
    return `hello ${input.name}`.repeat(input.times ?? 1);
  }

  @Tool({ name: 'balance', description: 'Balance', output: Balance, scopes: ['bank:read'] })
  balance(): unknown {
    return this.output;
  }

  @Tool({ name: 'refuse', description: 'Always refuses' })
  refuse(): never {
    throw new ToolError('Account acc_9 is frozen');
  }

  @Tool({ name: 'crash', description: 'Crashes' })
  crash(): never {
    throw new Error('ECONNREFUSED 10.0.0.7:5432 password=hunter2');
  }

  @Tool({ name: 'raw', description: 'Returns a full result' })
  raw(): unknown {
    return { content: [{ type: 'text', text: 'custom' }], isError: false };
  }

  @Tool({ name: 'context_echo', description: 'Echoes its context' })
  contextEcho(_input: object, ctx: ToolContext): string {
    return `${ctx.identity.agentId}/${ctx.correlationId}`;
  }
}

@Injectable()
class NoteTools {
  @Tool({ name: 'note', description: 'Stores a note', input: NoteHolder })
  note(input: NoteHolder): string {
    return input.note.text;
  }
}

const identity = (...scopes: string[]): AgentIdentity => ({ agentId: 'agent-7', scopes: new Set(scopes), expiresAt: 0 });
const unused = (): never => {
  throw new Error('not used by these tools');
};
const context = (...scopes: string[]): ToolContext => ({
  identity: identity(...scopes),
  correlationId: 'corr-1',
  signal: new AbortController().signal,
  closeSseStream: () => undefined,
  context: { get: unused, update: unused },
  progress: () => undefined,
  log: () => undefined,
  elicit: unused,
  sample: unused,
});

async function rejection(promise: Promise<unknown>): Promise<McpError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(McpError);
  return err as McpError;
}

describe('ToolCallService', () => {
  let calls: ToolCallService;
  let tools: BankTools;
  let errorLog: jest.SpyInstance;

  beforeAll(async () => {
    Logger.overrideLogger(false);
    const moduleRef = await Test.createTestingModule({ imports: [ToolsModule], providers: [BankTools] }).compile();
    await moduleRef.init();
    calls = moduleRef.get(ToolCallService);
    tools = moduleRef.get(BankTools);
    expect(moduleRef.get(ToolRegistry).get('balance')?.definition.outputSchema).toMatchObject({ type: 'object' });
  });
  beforeEach(() => {
    errorLog = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    tools.output = { accountId: 'acc_1', amount: { currency: 'EUR', cents: 1250 } };
  });
  afterEach(() => jest.restoreAllMocks());

  it('an unknown tool → McpError -32602 naming it', async () => {
    const error = await rejection(calls.call('nope', {}, context()));
    expect(error).toMatchObject({ code: -32602, message: 'Unknown tool: nope', data: { tool: 'nope' } });
  });

  it('a missing scope → McpError -32003 listing the required scopes', async () => {
    const error = await rejection(calls.call('balance', {}, context('bank:write')));
    expect(error).toMatchObject({ code: -32003, data: { requiredScopes: ['bank:read'] } });
  });

  describe('invalid input', () => {
    it('is an isError result naming the field for 2025-11-25', async () => {
      const { result, outcome } = await calls.call('greet', { name: 5 }, context(), '2025-11-25');
      expect(outcome).toBe('invalid_input');
      expect(result.isError).toBe(true);
      expect(result.content).toEqual([
        { type: 'text', text: expect.stringMatching(/^Invalid arguments for tool greet: name: name must be a string/) },
      ]);
    });

    it('is an McpError -32602 for 2025-06-18', async () => {
      const error = await rejection(calls.call('greet', { name: 'a', times: 0 }, context(), '2025-06-18'));
      expect(error.code).toBe(-32602);
      expect(error.message).toContain('times: times must not be less than 1');
    });

    it('refuses unknown arguments', async () => {
      const { result } = await calls.call('greet', { name: 'a', admin: true }, context(), '2025-11-25');
      expect(result).toMatchObject({ isError: true, content: [{ text: expect.stringContaining('admin') }] });
    });

    it('refuses arguments to a tool that takes none', async () => {
      const { result } = await calls.call('refuse', { x: 1 }, context(), '2025-11-25');
      expect(result).toMatchObject({ isError: true, content: [{ text: expect.stringContaining('x: tool takes no arguments') }] });
    });
  });

  it("a ToolError → isError result with the tool's message", async () => {
    const { result, outcome } = await calls.call('refuse', undefined, context());
    expect(outcome).toBe('tool_error');
    expect(result).toEqual({ content: [{ type: 'text', text: 'Account acc_9 is frozen' }], isError: true });
  });

  it('an unexpected Error → isError result with the correlation id, without leaking the message', async () => {
    const { result, outcome } = await calls.call('crash', {}, context());
    expect(outcome).toBe('tool_error');
    expect(result.isError).toBe(true);
    const text = JSON.stringify(result);
    expect(text).toContain('correlation id corr-1');
    expect(text).not.toMatch(/hunter2|ECONNREFUSED/);
    expect(errorLog).toHaveBeenCalledWith(expect.objectContaining({ tool: 'crash', correlationId: 'corr-1' }));
  });

  describe('output', () => {
    it('an output class → structuredContent plus a text block with the same JSON', async () => {
      const { result } = await calls.call('balance', {}, context('bank:read'));
      expect(result.structuredContent).toEqual({ accountId: 'acc_1', amount: { currency: 'EUR', cents: 1250 } });
      expect(result.content).toHaveLength(1);
      expect(JSON.parse((result.content[0] as { text: string }).text)).toEqual(result.structuredContent);
    });

    it('output violating the output class → McpError -32603 naming the path', async () => {
      tools.output = { accountId: 'acc_1', amount: { currency: 'EUR', cents: '12.50' } };
      const error = await rejection(calls.call('balance', {}, context('bank:read')));
      expect(error.code).toBe(-32603);
      expect(error.message).toContain('amount.cents');
      expect(error.message).toContain('outputSchema');
    });

    it('a non-object output for an output class → McpError -32603', async () => {
      tools.output = 'just text';
      expect((await rejection(calls.call('balance', {}, context('bank:read')))).code).toBe(-32603);
    });

    // BUG: output validation runs without whitelist/forbidNonWhitelisted, while the advertised
    // outputSchema says additionalProperties: false. Extra fields therefore leave as
    // structuredContent that contradicts the schema (a strict client rejects the result) and
    // can leak internal fields the DTO meant to hide. Fix in tool-call.service.ts toResult():
    // validateSync(instance, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true }).
    it('output with a field the output class does not declare → McpError -32603', async () => {
      tools.output = { accountId: 'acc_1', amount: { currency: 'EUR', cents: 1 }, internalNote: 'VIP, owes us money' };
      const error = await rejection(calls.call('balance', {}, context('bank:read')));
      expect(error.message).toContain('internalNote');
    });

    it('a string return → one text block', async () => {
      const { result, outcome } = await calls.call('greet', { name: 'Ada', times: 2 }, context());
      expect(outcome).toBe('ok');
      expect(result).toEqual({ content: [{ type: 'text', text: 'hello Adahello Ada' }] });
    });

    it('a CallToolResult return is passed through', async () => {
      const { result } = await calls.call('raw', {}, context());
      expect(result).toEqual({ content: [{ type: 'text', text: 'custom' }], isError: false });
    });
  });

  it('hands the handler the caller identity and correlation id', async () => {
    const { result } = await calls.call('context_echo', {}, context());
    expect(result.content).toEqual([{ type: 'text', text: 'agent-7/corr-1' }]);
  });

  it('refuses at boot a nested input declared without @Type (its arguments could never validate)', async () => {
    const moduleRef = await Test.createTestingModule({ imports: [ToolsModule], providers: [NoteTools] }).compile();
    await expect(moduleRef.init()).rejects.toThrow(/NoteTools\.note: input schema: NoteHolder\.note has @ValidateNested but no @Type/);
  });
});
