import 'reflect-metadata';
import { Injectable, Logger, type Type } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { IsString } from 'class-validator';
import type { AgentIdentity } from '../auth/agent-identity';
import { Tool } from './tool.decorator';
import { ToolRegistry } from './tool-registry.service';
import { ToolsModule } from './tools.module';

class EchoInput {
  @IsString()
  text!: string;
}

class NoRules {
  text!: string;
}

@Injectable()
class PublicTools {
  @Tool({ name: 'echo', title: 'Echo', description: 'Echoes text back', input: EchoInput })
  echo(input: EchoInput): string {
    return input.text;
  }

  @Tool({ name: 'time.now', description: 'The time', scopes: [] })
  now(): string {
    return new Date(0).toISOString();
  }

  notATool(): string {
    return 'ignored';
  }
}

@Injectable()
class CrmTools {
  @Tool({ name: 'customers_get', description: 'One customer', scopes: ['customers:read'] })
  get(): string {
    return 'c';
  }

  @Tool({ name: 'customers_delete', description: 'Deletes a customer', scopes: ['customers:read', 'customers:write'] })
  remove(): string {
    return 'gone';
  }
}

@Injectable()
class DuplicateEcho {
  @Tool({ name: 'echo', description: 'Another echo' })
  again(): string {
    return '';
  }
}

@Injectable()
class BadName {
  @Tool({ name: 'has space', description: 'x' })
  run(): string {
    return '';
  }
}

@Injectable()
class NoDescription {
  @Tool({ name: 'silent', description: '   ' })
  run(): string {
    return '';
  }
}

@Injectable()
class BadSchema {
  @Tool({ name: 'bad_schema', description: 'x', input: NoRules })
  run(): string {
    return '';
  }
}

async function boot(...providers: Type<unknown>[]): Promise<ToolRegistry> {
  const moduleRef = await Test.createTestingModule({ imports: [ToolsModule], providers }).compile();
  await moduleRef.init();
  return moduleRef.get(ToolRegistry);
}

const agent = (...scopes: string[]): AgentIdentity => ({ agentId: 'a', scopes: new Set(scopes), expiresAt: 0 });
const names = (tools: Array<{ name: string }>) => tools.map((t) => t.name).sort();

describe('ToolRegistry', () => {
  beforeAll(() => Logger.overrideLogger(false));

  describe('boot', () => {
    it('discovers every @Tool method, and only those', async () => {
      const registry = await boot(PublicTools, CrmTools);
      expect(names(registry.all())).toEqual(['customers_delete', 'customers_get', 'echo', 'time.now']);
      expect(registry.get('notATool')).toBeUndefined();
    });

    it('advertises the compiled input schema, and an empty closed object without input', async () => {
      const registry = await boot(PublicTools);
      expect(registry.get('echo')?.definition).toMatchObject({
        name: 'echo',
        title: 'Echo',
        description: 'Echoes text back',
        inputSchema: { type: 'object', properties: { text: { type: 'string' } }, required: ['text'], additionalProperties: false },
      });
      expect(registry.get('time.now')?.definition.inputSchema).toEqual({ type: 'object', properties: {}, additionalProperties: false });
      expect(registry.get('echo')?.where).toBe('PublicTools.echo');
    });

    it('binds handlers to their instance', async () => {
      const registry = await boot(PublicTools);
      expect(registry.get('echo')?.handler({ text: 'hi' }, {} as never)).toBe('hi');
    });

    it('freezes definitions so one caller cannot change what others see', async () => {
      const registry = await boot(PublicTools);
      expect(Object.isFrozen(registry.get('echo')?.definition.inputSchema)).toBe(true);
    });

    it('fails on a duplicate tool name, naming both Class.method', async () => {
      await expect(boot(PublicTools, DuplicateEcho)).rejects.toThrow(/DuplicateEcho\.again.*duplicate tool name "echo".*PublicTools\.echo/);
    });

    it('fails on an invalid name', async () => {
      await expect(boot(BadName)).rejects.toThrow(/Invalid tool BadName\.run: name "has space"/);
    });

    it('fails on a missing description', async () => {
      await expect(boot(NoDescription)).rejects.toThrow('Invalid tool NoDescription.run: description is required');
    });

    it('fails on an input class that cannot become a schema, naming Class.method', async () => {
      await expect(boot(BadSchema)).rejects.toThrow(/Invalid tool BadSchema\.run: input schema: .*NoRules/);
    });
  });

  describe('visibility', () => {
    let registry: ToolRegistry;
    beforeAll(async () => {
      registry = await boot(PublicTools, CrmTools);
    });

    it('shows an agent only the tools its scopes allow', () => {
      expect(names(registry.visibleTo(agent()))).toEqual(['echo', 'time.now']);
      expect(names(registry.visibleTo(agent('customers:read')))).toEqual(['customers_get', 'echo', 'time.now']);
      expect(names(registry.visibleTo(agent('customers:write', 'customers:read')))).toEqual([
        'customers_delete',
        'customers_get',
        'echo',
        'time.now',
      ]);
    });

    it('caches per scope set, whatever the order of the scopes', () => {
      const first = registry.visibleTo(agent('customers:read', 'customers:write'));
      expect(registry.visibleTo(agent('customers:write', 'customers:read'))).toBe(first);
      expect(registry.visibleTo(agent('customers:read'))).not.toBe(first);
    });

    it('lists every required scope once, sorted', () => {
      expect(registry.scopes()).toEqual(['customers:read', 'customers:write']);
    });
  });
});
