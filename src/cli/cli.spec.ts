import { Client, InMemoryTransport, ProtocolError } from '@modelcontextprotocol/client';
import { Server } from '@modelcontextprotocol/server';
import { z } from 'zod';
import type { ConnectSwitchboardOptions, SwitchboardConnection } from '../client/switchboard-client';
import { runCli } from './cli';
import { contextGetCommand, contextHistoryCommand, contextUpdateCommand } from './commands/context.command';
import { sessionsListCommand } from './commands/sessions.command';
import { toolsCallCommand, toolsListCommand } from './commands/tools.command';
import { ConnectionFailedError, ExitCode } from './exit-codes';

// Everything but `token`, whose signer (jose) has its own spec.
const COMMANDS = [toolsListCommand, toolsCallCommand, contextGetCommand, contextUpdateCommand, contextHistoryCommand, sessionsListCommand];
const params = z.record(z.string(), z.unknown());

/** A fake Switchboard behind an in-memory transport, and a CLI wired to it. */
function harness() {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const connects: ConnectSwitchboardOptions[] = [];
  const connect = async (options: ConnectSwitchboardOptions): Promise<SwitchboardConnection> => {
    connects.push(options);
    const server = new Server({ name: 'fake', version: '0' }, { capabilities: { tools: {} } });
    server.setRequestHandler('tools/list', async () => ({
      tools: [
        { name: 'getCustomerById', description: 'Looks up a customer\nby id', inputSchema: { type: 'object' } },
        { name: 'failing', inputSchema: { type: 'object' } },
      ],
    }));
    server.setRequestHandler('tools/call', async (request) =>
      request.params.name === 'failing'
        ? { content: [{ type: 'text', text: 'customer not found' }], isError: true }
        : { content: [{ type: 'text', text: `called with ${JSON.stringify(request.params.arguments)}` }] },
    );
    server.setRequestHandler('context/get', { params }, async (p) => ({
      contextId: (p['contextId'] as string | undefined) ?? 'own',
      version: 2,
      state: { step: 'draft' },
      updatedAt: '2025-01-01T00:00:00.000Z',
    }));
    server.setRequestHandler('sessions/list', { params }, async () => {
      throw new ProtocolError(-32003, 'missing scope sessions:admin');
    });
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await server.connect(serverSide);
    const client = new Client({ name: 'cli-test', version: '0' });
    await client.connect(clientSide);
    return { client, transport: 'http', sessionId: 's-1', close: () => client.close() };
  };
  const run = (argv: string[], env: NodeJS.ProcessEnv = { SWITCHBOARD_TOKEN: 't' }, connectFn = connect) =>
    runCli(
      argv,
      { env, stdout: { write: (s: string) => stdout.push(s) }, stderr: { write: (s: string) => stderr.push(s) }, connect: connectFn },
      COMMANDS,
    );
  return { run, connects, stdout: () => stdout.join(''), stderr: () => stderr.join('') };
}

describe('switchboard CLI', () => {
  it('prints the command overview for --help and exits 0', async () => {
    const cli = harness();
    await expect(cli.run(['--help'])).resolves.toBe(ExitCode.Ok);
    expect(cli.stdout()).toMatch(/tools call <name>/);
    expect(cli.stdout()).toMatch(/Exit codes: 0 ok, 1 server or tool error, 2 usage error, 3 connection or auth failure/);
  });

  it('prints a command’s own options for <command> --help', async () => {
    const cli = harness();
    await expect(cli.run(['context', 'update', '--help'])).resolves.toBe(ExitCode.Ok);
    expect(cli.stdout()).toMatch(/--patch <json>/);
    expect(cli.stdout()).toMatch(/--if-version <n>/);
    expect(cli.connects).toHaveLength(0);
  });

  it('treats "help <command>" like "<command> --help"', async () => {
    const cli = harness();
    await expect(cli.run(['help', 'tools', 'call'])).resolves.toBe(ExitCode.Ok);
    expect(cli.stdout()).toMatch(/Usage: switchboard tools call <name>/);
    expect(cli.connects).toHaveLength(0);
  });

  it('exits 2 for an unknown command, a bare group or no command at all', async () => {
    const cli = harness();
    await expect(cli.run(['frobnicate'])).resolves.toBe(ExitCode.Usage);
    await expect(cli.run(['tools'])).resolves.toBe(ExitCode.Usage);
    await expect(cli.run([])).resolves.toBe(ExitCode.Usage);
    expect(cli.stderr()).toMatch(/unknown command "frobnicate"/);
  });

  it('lists tools as a table, one line per tool', async () => {
    const cli = harness();
    await expect(cli.run(['tools', 'list'])).resolves.toBe(ExitCode.Ok);
    expect(cli.stdout().trimEnd().split('\n')).toEqual(['NAME             DESCRIPTION', 'getCustomerById  Looks up a customer', 'failing']);
  });

  it('prints JSON for scripts with --json', async () => {
    const cli = harness();
    await expect(cli.run(['tools', 'list', '--json'])).resolves.toBe(ExitCode.Ok);
    expect(JSON.parse(cli.stdout()).tools.map((t: { name: string }) => t.name)).toEqual(['getCustomerById', 'failing']);
  });

  it('calls a tool with its JSON arguments', async () => {
    const cli = harness();
    await expect(cli.run(['tools', 'call', 'getCustomerById', '--args', '{"id":"c-1"}'])).resolves.toBe(ExitCode.Ok);
    expect(cli.stdout()).toBe('called with {"id":"c-1"}\n');
  });

  it('prints a tool’s error result and exits 1', async () => {
    const cli = harness();
    await expect(cli.run(['tools', 'call', 'failing'])).resolves.toBe(ExitCode.Failure);
    expect(cli.stdout()).toBe('customer not found\n');
    expect(cli.stderr()).toMatch(/tool "failing" reported an error/);
  });

  it('exits 2 on malformed --args without connecting', async () => {
    const cli = harness();
    await expect(cli.run(['tools', 'call', 'x', '--args', '{oops'])).resolves.toBe(ExitCode.Usage);
    expect(cli.stderr()).toMatch(/--args is not valid JSON/);
    expect(cli.connects).toHaveLength(0);
  });

  it('exits 2 without a token, with a hint how to get one', async () => {
    const cli = harness();
    await expect(cli.run(['tools', 'list'], {})).resolves.toBe(ExitCode.Usage);
    expect(cli.stderr()).toMatch(/npm run -s token -- --agent/);
  });

  it('exits 3 when the connection fails', async () => {
    const cli = harness();
    const refused = async (): Promise<SwitchboardConnection> => {
      throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:3000'), { code: 'ECONNREFUSED' });
    };
    await expect(cli.run(['tools', 'list'], { SWITCHBOARD_TOKEN: 't' }, refused)).resolves.toBe(ExitCode.Connection);
    expect(cli.stderr()).toMatch(/could not connect to http:\/\/127\.0\.0\.1:3000\/mcp: connect ECONNREFUSED/);
  });

  it('exits 1 with the server’s JSON-RPC error', async () => {
    const cli = harness();
    await expect(cli.run(['sessions', 'list'])).resolves.toBe(ExitCode.Failure);
    expect(cli.stderr()).toMatch(/error: missing scope sessions:admin \(code -32003\)/);
  });

  it('passes --url, --transport and --session through to the connection', async () => {
    const cli = harness();
    await cli.run(['context', 'get', '--url', 'http://h:1/mcp', '--transport', 'ws', '--session', 's-9', '--context', 'c-7']);
    expect(cli.connects[0]).toMatchObject({ url: new URL('http://h:1/mcp'), transport: 'websocket', sessionId: 's-9', token: 't' });
    expect(cli.stdout()).toMatch(/^context c-7 {2}version 2 {2}updated 2025-01-01 00:00:00Z/);
  });

  it('is a ConnectionFailedError, not a crash, when connect throws something odd', async () => {
    const cli = harness();
    const odd = async (): Promise<SwitchboardConnection> => {
      throw new ConnectionFailedError('weird');
    };
    await expect(cli.run(['context', 'get'], { SWITCHBOARD_TOKEN: 't' }, odd)).resolves.toBe(ExitCode.Connection);
  });
});
