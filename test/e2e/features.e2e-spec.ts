import { Injectable, Module } from '@nestjs/common';
import { IsInt, Max, Min } from 'class-validator';
import { randomUUID } from 'node:crypto';
import { Tool } from '../../src/tools/tool.decorator';
import type { ToolContext } from '../../src/tools/tool-context';
import { SseReader } from '../support/sse-reader';
import { postMcp, RawSocket, startTestServer, type TestServer } from '../support/test-server';

class StepsInput {
  @IsInt() @Min(1) @Max(10) steps!: number;
}

@Injectable()
class InteractiveTools {
  @Tool({ name: 'slow_steps', description: 'Reports progress and logs each step', input: StepsInput })
  async steps(input: StepsInput, ctx: ToolContext): Promise<string> {
    for (let i = 1; i <= input.steps; i++) {
      ctx.progress(i, input.steps, `step ${i}`);
      ctx.log('info', { step: i }, 'slow_steps');
      ctx.log('debug', 'below the requested level');
    }
    return `did ${input.steps} steps`;
  }

  @Tool({ name: 'long_job', description: 'Frees its HTTP stream early and answers later (SEP-1699)' })
  async longJob(_input: object, ctx: ToolContext): Promise<string> {
    ctx.progress(1, 2, 'started');
    ctx.closeSseStream();
    await new Promise((r) => setTimeout(r, 300));
    ctx.progress(2, 2, 'finishing');
    return 'job done';
  }

  @Tool({ name: 'quiet_job', description: 'Frees its HTTP stream before saying anything, answers later' })
  async quietJob(_input: object, ctx: ToolContext): Promise<string> {
    ctx.closeSseStream();
    await new Promise((r) => setTimeout(r, 2_500)); // longer than the store's grace for a pending write
    return 'quiet job done';
  }

  @Tool({ name: 'ask_name', description: 'Asks the user for their name' })
  async ask(_input: object, ctx: ToolContext): Promise<string> {
    const answer = await ctx.elicit({
      mode: 'form',
      message: 'Who are you?',
      requestedSchema: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] },
    });
    return answer.action === 'accept' ? `hello ${String(answer.content?.name)}` : `no answer (${answer.action})`;
  }
}

@Module({ providers: [InteractiveTools] })
class InteractiveModule {}

describe('resources, prompts, completions, subscriptions, progress, logging, elicitation', () => {
  let server: TestServer;
  let token: string;

  beforeAll(async () => {
    server = await startTestServer({}, [InteractiveModule]);
    token = await server.token('agent-features');
  });
  afterAll(() => server.close());

  async function socket(): Promise<RawSocket> {
    const s = await RawSocket.open(server.wsUrl, token);
    await s.initialize();
    return s;
  }

  /** A Streamable HTTP session of this revision; returns its id. */
  async function httpSession(clientName: string, protocolVersion = '2025-11-25'): Promise<string> {
    const init = await postMcp(
      server.mcpUrl,
      {
        jsonrpc: '2.0',
        id: 1,
        method: 'initialize',
        params: { protocolVersion, capabilities: {}, clientInfo: { name: clientName, version: '1' } },
      },
      { Authorization: `Bearer ${token}` },
    );
    return init.headers.get('mcp-session-id')!;
  }

  it('advertises resources, prompts, completions and logging', async () => {
    const s = await RawSocket.open(server.wsUrl, token);
    const init = await s.initialize();
    expect(init.result.capabilities).toMatchObject({ resources: { subscribe: true }, prompts: {}, completions: {}, logging: {} });
    s.close();
  });

  it('lists and reads fixed and templated resources, with not-found for unknown URIs', async () => {
    const s = await socket();
    expect((await s.request(1, 'resources/list')).result.resources).toEqual(
      expect.arrayContaining([expect.objectContaining({ uri: 'switchboard://examples/readme', mimeType: 'text/markdown' })]),
    );
    const templates = (await s.request(2, 'resources/templates/list')).result.resourceTemplates.map(
      (t: { uriTemplate: string }) => t.uriTemplate,
    );
    expect(templates).toEqual(expect.arrayContaining(['customers://{customerId}', 'context://{contextId}']));
    const customer = await s.request(3, 'resources/read', { uri: 'customers://cus_003' });
    expect(JSON.parse(customer.result.contents[0].text)).toMatchObject({ id: 'cus_003' });
    expect(customer.result.contents[0]).toMatchObject({ uri: 'customers://cus_003', mimeType: 'application/json' });
    expect((await s.request(4, 'resources/read', { uri: 'customers://cus_999' })).error.code).toBe(-32002);
    expect((await s.request(5, 'resources/read', { uri: 'nope://x' })).error.code).toBe(-32002);
    s.close();
  });

  it('renders prompts with arguments and rejects missing required ones', async () => {
    const s = await socket();
    const list = (await s.request(1, 'prompts/list')).result.prompts;
    expect(list).toEqual([expect.objectContaining({ name: 'customer_reply', arguments: expect.any(Array) })]);
    const got = await s.request(2, 'prompts/get', { name: 'customer_reply', arguments: { customerId: 'cus_001', topic: 'renewal' } });
    expect(got.result.messages[0].content.text).toMatch(/renewal/);
    const missing = await s.request(3, 'prompts/get', { name: 'customer_reply', arguments: { customerId: 'cus_001' } });
    expect(missing.error).toMatchObject({ code: -32602, message: expect.stringContaining('topic') });
    s.close();
  });

  it('completes prompt arguments and template variables', async () => {
    const s = await socket();
    const forPrompt = await s.request(1, 'completion/complete', {
      ref: { type: 'ref/prompt', name: 'customer_reply' },
      argument: { name: 'customerId', value: 'cus_00' },
    });
    expect(forPrompt.result.completion.values).toEqual(expect.arrayContaining(['cus_001', 'cus_009']));
    expect(forPrompt.result.completion.values.every((v: string) => v.startsWith('cus_00'))).toBe(true);
    const forTemplate = await s.request(2, 'completion/complete', {
      ref: { type: 'ref/resource', uri: 'customers://{customerId}' },
      argument: { name: 'customerId', value: 'cus_01' },
    });
    expect(forTemplate.result.completion.values.length).toBeGreaterThan(0);
    s.close();
  });

  it('notifies a subscriber on another replica within a second when a context changes', async () => {
    const replica = await startTestServer();
    try {
      const subscriber = await RawSocket.open(replica.wsUrl, token);
      await subscriber.initialize();
      const writer = await socket();
      const contextId = randomUUID();
      expect(await writer.request(1, 'context/update', { contextId, patch: { v: 1 } })).toMatchObject({ result: { version: 1 } });
      expect(await subscriber.request(2, 'resources/subscribe', { uri: `context://${contextId}` })).toMatchObject({ id: 2, result: {} });
      // The first update's notification is sent a few ms after its commit: it may reach a
      // subscription that took effect in between. Whatever came is that one notification.
      const early = await subscriber.drain(300);
      expect(early.length).toBeLessThanOrEqual(1);
      for (const m of early)
        expect(m).toMatchObject({ method: 'notifications/resources/updated', params: { uri: `context://${contextId}` } });
      const started = Date.now();
      expect(await writer.request(3, 'context/update', { contextId, patch: { v: 2 } })).toMatchObject({ result: { version: 2 } });
      const note = await subscriber.next(1000);
      expect(note).toEqual({ jsonrpc: '2.0', method: 'notifications/resources/updated', params: { uri: `context://${contextId}` } });
      expect(Date.now() - started).toBeLessThan(1000);
      const read = await subscriber.request(4, 'resources/read', { uri: `context://${contextId}` });
      expect(JSON.parse(read.result.contents[0].text)).toMatchObject({ version: 2, state: { v: 2 } });
      await subscriber.request(5, 'resources/unsubscribe', { uri: `context://${contextId}` });
      await writer.request(6, 'context/update', { contextId, patch: { v: 3 } });
      await expect(subscriber.next(500)).rejects.toThrow(/no message/);
      subscriber.close();
      writer.close();
    } finally {
      await replica.close();
    }
  });

  it('accepts the same subscription sent many times at once, and notifies once per change', async () => {
    const s = await socket();
    const contextId = randomUUID();
    expect(await s.request(1, 'context/update', { contextId, patch: { v: 1 } })).toMatchObject({ result: { version: 1 } });
    const uri = `context://${contextId}`;
    for (let id = 10; id < 30; id++) s.send({ jsonrpc: '2.0', id, method: 'resources/subscribe', params: { uri } });
    const replies = [];
    for (let id = 10; id < 30; id++) replies.push(await s.response(id)); // the first update's notification may come in between
    expect(replies.filter((r) => r.error)).toEqual([]);
    expect(replies.map((r) => r.id).sort()).toEqual(Array.from({ length: 20 }, (_, i) => i + 10).sort());
    const early = await s.drain(300); // that notification, if it came
    expect(early.every((m) => m.method === 'notifications/resources/updated')).toBe(true);
    expect(await s.request(2, 'context/update', { contextId, patch: { v: 2 } })).toMatchObject({ result: { version: 2 } });
    expect(await s.next(1000)).toEqual({ jsonrpc: '2.0', method: 'notifications/resources/updated', params: { uri } });
    await expect(s.next(300)).rejects.toThrow(/no message/);
    s.close();
  });

  it('keeps another agent from subscribing to (or reading) a context it does not own', async () => {
    const owner = await socket();
    const contextId = randomUUID();
    await owner.request(1, 'context/update', { contextId, patch: { secret: true } });
    const other = await RawSocket.open(server.wsUrl, await server.token('agent-other'));
    await other.initialize();
    expect((await other.request(2, 'resources/subscribe', { uri: `context://${contextId}` })).error.code).toBe(-32002);
    expect((await other.request(3, 'resources/read', { uri: `context://${contextId}` })).error.code).toBe(-32002);
    owner.close();
    other.close();
  });

  it('sends progress, and log messages at or above the level set, before the result (WebSocket)', async () => {
    const s = await socket();
    await s.request(1, 'logging/setLevel', { level: 'info' });
    s.send({
      jsonrpc: '2.0',
      id: 2,
      method: 'tools/call',
      params: { name: 'slow_steps', arguments: { steps: 2 }, _meta: { progressToken: 'p1' } },
    });
    const messages = [await s.next(), await s.next(), await s.next(), await s.next(), await s.next()];
    expect(messages.map((m) => m.method ?? 'result')).toEqual([
      'notifications/progress',
      'notifications/message',
      'notifications/progress',
      'notifications/message',
      'result',
    ]);
    expect(messages[0].params).toEqual({ progressToken: 'p1', progress: 1, total: 2, message: 'step 1' });
    expect(messages[1].params).toEqual({ level: 'info', data: { step: 1 }, logger: 'slow_steps' });
    expect(messages[4].result.content[0].text).toBe('did 2 steps');
    s.close();
  });

  it('streams progress over an SSE response on HTTP when the client accepts it', async () => {
    const auth = { Authorization: `Bearer ${token}` };
    const sessionId = await httpSession('sse');
    const res = await fetch(server.mcpUrl, {
      method: 'POST',
      headers: { ...auth, 'Mcp-Session-Id': sessionId, 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream' },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 2,
        method: 'tools/call',
        params: { name: 'slow_steps', arguments: { steps: 3 }, _meta: { progressToken: 7 } },
      }),
    });
    expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
    const events = (await res.text())
      .split('\n\n')
      .filter((e) => e.includes('data: {'))
      .map((e) => JSON.parse(e.slice(e.indexOf('data: ') + 6)));
    expect(events.filter((e) => e.method === 'notifications/progress').map((e) => e.params.progress)).toEqual([1, 2, 3]);
    expect(events[events.length - 1]).toMatchObject({ id: 2, result: { content: [{ text: 'did 3 steps' }] } });
  });

  it('sends the priming event (empty data) only to sessions of 2025-11-25 and later', async () => {
    const auth = { Authorization: `Bearer ${token}` };
    const firstEvent = async (protocolVersion: string) => {
      const sessionId = await httpSession('sse', protocolVersion);
      const res = await fetch(server.mcpUrl, {
        method: 'POST',
        headers: {
          ...auth,
          'Mcp-Session-Id': sessionId,
          'Content-Type': 'application/json',
          Accept: 'application/json, text/event-stream',
        },
        body: JSON.stringify({
          jsonrpc: '2.0',
          id: 2,
          method: 'tools/call',
          params: { name: 'slow_steps', arguments: { steps: 1 }, _meta: { progressToken: 1 } },
        }),
      });
      return (await res.text()).split('\n\n')[0];
    };
    expect(await firstEvent('2025-11-25')).toMatch(/^id: \S+\.0\nretry: \d+\ndata: $/);
    for (const older of ['2025-06-18', '2025-03-26']) expect(await firstEvent(older)).toMatch(/^id: \S+\.1\nevent: message\ndata: \{/);
  });

  it('resumes a closed SSE stream with Last-Event-ID on another replica and gets the answer', async () => {
    const auth = { Authorization: `Bearer ${token}` };
    const sessionId = await httpSession('resume');
    const first = await fetch(server.mcpUrl, {
      method: 'POST',
      headers: { ...auth, 'Mcp-Session-Id': sessionId, 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream' },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 9,
        method: 'tools/call',
        params: { name: 'long_job', arguments: {}, _meta: { progressToken: 'job' } },
      }),
    });
    const firstText = await first.text(); // the server ends it early
    expect(firstText).toMatch(/^id: [0-9a-f-]{36}\.0\nretry: \d+\ndata: \n\n/);
    expect(firstText).not.toContain('job done');
    const lastId = [...firstText.matchAll(/^id: (\S+)$/gm)].pop()![1];

    const replica = await startTestServer();
    try {
      const resumed = await fetch(replica.mcpUrl, {
        headers: { ...auth, 'Mcp-Session-Id': sessionId, Accept: 'text/event-stream', 'Last-Event-ID': lastId },
      });
      expect(resumed.status).toBe(200);
      const events = (await resumed.text())
        .split('\n\n')
        .filter((e) => e.includes('data: {'))
        .map((e) => JSON.parse(e.slice(e.indexOf('data: ') + 6)));
      expect(events.map((e) => e.method ?? 'result')).toEqual(['notifications/progress', 'result']);
      expect(events[1]).toMatchObject({ id: 9, result: { content: [{ text: 'job done' }] } });
      const stranger = await fetch(replica.mcpUrl, {
        headers: {
          Authorization: `Bearer ${await server.token('agent-stranger')}`,
          'Mcp-Session-Id': sessionId,
          Accept: 'text/event-stream',
          'Last-Event-ID': lastId,
        },
      });
      expect(stranger.status).toBe(404);
      await stranger.text();
    } finally {
      await replica.close();
    }
  });

  it('resumes a stream from its priming event before the stream has said anything', async () => {
    const auth = { Authorization: `Bearer ${token}` };
    const sessionId = await httpSession('prime');
    const first = await fetch(server.mcpUrl, {
      method: 'POST',
      headers: { ...auth, 'Mcp-Session-Id': sessionId, 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 5, method: 'tools/call', params: { name: 'quiet_job', arguments: {} } }),
    });
    const firstText = await first.text(); // only the priming event: the tool closed the stream first
    const primingId = /^id: ([0-9a-f-]{36}\.0)\nretry: \d+\ndata: \n\n$/.exec(firstText)?.[1];
    expect(primingId).toBeDefined();
    const resumed = await fetch(server.mcpUrl, {
      headers: { ...auth, 'Mcp-Session-Id': sessionId, Accept: 'text/event-stream', 'Last-Event-ID': primingId! },
    });
    expect(resumed.status).toBe(200);
    const events = (await resumed.text())
      .split('\n\n')
      .filter((e) => e.includes('data: {'))
      .map((e) => JSON.parse(e.slice(e.indexOf('data: ') + 6)));
    expect(events).toEqual([
      expect.objectContaining({ id: 5, result: expect.objectContaining({ content: [{ type: 'text', text: 'quiet job done' }] }) }),
    ]);
    // An id of a stream that never was still gets 404 (after the short wait for a pending write).
    const unknown = await fetch(server.mcpUrl, {
      headers: { ...auth, 'Mcp-Session-Id': sessionId, Accept: 'text/event-stream', 'Last-Event-ID': `${randomUUID()}.0` },
    });
    expect(unknown.status).toBe(404);
    await unknown.text();
  });

  describe('the standalone GET stream', () => {
    const auth = () => ({ Authorization: `Bearer ${token}` });

    /** A 2025-11-25 session over HTTP subscribed to `count` contexts of its own; returns the session and a way to touch context i. */
    async function subscribedSession(count: number) {
      const sessionId = await httpSession('standalone');
      const headers = { ...auth(), 'Mcp-Session-Id': sessionId };
      const contexts = Array.from({ length: count }, () => randomUUID());
      let id = 10;
      const update = async (i: number) => {
        const reply = await postMcp(
          server.mcpUrl,
          { jsonrpc: '2.0', id: id++, method: 'context/update', params: { contextId: contexts[i], patch: { n: id } } },
          headers,
        );
        expect(reply.body.result).toBeDefined();
      };
      for (let i = 0; i < count; i++) await update(i);
      await new Promise((r) => setTimeout(r, 300)); // the creations' own notifications are gone before anyone subscribes
      for (let i = 0; i < count; i++) {
        const sub = await postMcp(
          server.mcpUrl,
          { jsonrpc: '2.0', id: id++, method: 'resources/subscribe', params: { uri: `context://${contexts[i]}` } },
          headers,
        );
        expect(sub.body).toMatchObject({ result: {} });
      }
      const open = async (url: string, lastEventId?: string) => {
        const res = await fetch(url, {
          headers: { ...headers, Accept: 'text/event-stream', ...(lastEventId ? { 'Last-Event-ID': lastEventId } : {}) },
        });
        expect(res.status).toBe(200);
        return new SseReader(res);
      };
      const updated = (i: number) => ({
        jsonrpc: '2.0',
        method: 'notifications/resources/updated',
        params: { uri: `context://${contexts[i]}` },
      });
      return { sessionId, headers, update, open, updated };
    }

    it('gives every event an id and replays what a dropped client missed, on the same replica and another, then goes on live', async () => {
      const session = await subscribedSession(6);
      const first = await session.open(server.mcpUrl);
      const priming = await first.next();
      expect(priming).toEqual({ id: expect.stringMatching(/^get-[0-9a-f-]{36}\.0$/), retry: 500, data: '' });
      const firstStream = priming.id!.slice(0, -2);
      await session.update(0);
      const seen = await first.message();
      expect(seen).toEqual({ id: `${firstStream}.1`, message: session.updated(0) });
      // Context 1 changes; its notification reaches the socket, but the client dies before handling it.
      await session.update(1);
      expect((await first.next()).id).toBe(`${firstStream}.2`);
      await first.close();
      await new Promise((r) => setTimeout(r, 200));

      const second = await session.open(server.mcpUrl, seen.id);
      const secondPriming = await second.next();
      expect(secondPriming.id).toMatch(/^get-[0-9a-f-]{36}\.0$/);
      const secondStream = secondPriming.id!.slice(0, -2);
      expect(secondStream).not.toBe(firstStream); // a stream of its own: ids cannot collide with the old connection's
      expect(await second.message()).toEqual({ id: `${secondStream}.1`, message: session.updated(1) }); // missed, replayed once
      await session.update(2);
      const live = await second.message();
      expect(live).toEqual({ id: `${secondStream}.2`, message: session.updated(2) }); // then live
      await session.update(3); // lost with the connection, like context 1
      expect((await second.next()).id).toBe(`${secondStream}.3`);
      await second.close();
      await new Promise((r) => setTimeout(r, 200));

      const replica = await startTestServer();
      try {
        const third = await session.open(replica.mcpUrl, live.id);
        const thirdStream = (await third.next()).id!.slice(0, -2);
        expect(await third.message()).toEqual({ id: `${thirdStream}.1`, message: session.updated(3) });
        await new Promise((r) => setTimeout(r, 300)); // the replica loads the session's subscriptions
        await session.update(4); // written on the first replica, delivered by the other
        expect(await third.message()).toEqual({ id: `${thirdStream}.2`, message: session.updated(4) });
        await third.close();
      } finally {
        await replica.close();
      }
    });

    it('answers 404 to an id of no stream or of another session, and still resumes POST streams', async () => {
      const session = await subscribedSession(1);
      const other = await subscribedSession(1);
      const stream = await other.open(server.mcpUrl);
      const othersId = (await stream.next()).id!;
      await stream.close();
      for (const lastEventId of [`get-${randomUUID()}.0`, othersId, 'get-nonsense.1']) {
        const res = await fetch(server.mcpUrl, {
          headers: { ...session.headers, Accept: 'text/event-stream', 'Last-Event-ID': lastEventId },
        });
        expect([lastEventId, res.status]).toEqual([lastEventId, 404]);
        await res.text();
      }
      const post = await fetch(server.mcpUrl, {
        method: 'POST',
        headers: { ...session.headers, 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream' },
        body: JSON.stringify({
          jsonrpc: '2.0',
          id: 3,
          method: 'tools/call',
          params: { name: 'long_job', arguments: {}, _meta: { progressToken: 'p' } },
        }),
      });
      const lastId = [...(await post.text()).matchAll(/^id: (\S+)$/gm)].pop()![1];
      expect(lastId).toMatch(/^[0-9a-f-]{36}\.1$/);
      const resumed = await fetch(server.mcpUrl, { headers: { ...session.headers, Accept: 'text/event-stream', 'Last-Event-ID': lastId } });
      expect(await resumed.text()).toContain('job done'); // followed to its answer, then ended
    });
  });

  it('asks the client through elicitation/create and uses its answer', async () => {
    const s = await RawSocket.open(server.wsUrl, token);
    await s.request('init', 'initialize', {
      protocolVersion: '2025-11-25',
      capabilities: { elicitation: {} },
      clientInfo: { name: 'e', version: '1' },
    });
    s.send({ jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'ask_name', arguments: {} } });
    const ask = await s.next();
    expect(ask).toMatchObject({ method: 'elicitation/create', params: { message: 'Who are you?' } });
    s.send({ jsonrpc: '2.0', id: ask.id, result: { action: 'accept', content: { name: 'Ada' } } });
    expect((await s.next()).result.content[0].text).toBe('hello Ada');
    s.close();
  });

  it('asks a stateless 2026-07-28 client through an input_required result and finishes on the retry', async () => {
    const s = await RawSocket.open(server.wsUrl, token);
    const meta = {
      'io.modelcontextprotocol/protocolVersion': '2026-07-28',
      'io.modelcontextprotocol/clientInfo': { name: 'mrtr', version: '1' },
      'io.modelcontextprotocol/clientCapabilities': { elicitation: {} },
    };
    const first = await s.request(1, 'tools/call', { name: 'ask_name', arguments: {}, _meta: meta });
    expect(first.result).toMatchObject({
      resultType: 'input_required',
      inputRequests: { input_1: { method: 'elicitation/create', params: { message: 'Who are you?' } } },
    });
    const retry = await s.request(2, 'tools/call', {
      name: 'ask_name',
      arguments: {},
      inputResponses: { input_1: { action: 'accept', content: { name: 'Grace' } } },
      _meta: meta,
    });
    expect(retry.result).toMatchObject({ resultType: 'complete', content: [{ text: 'hello Grace' }] });
    const bad = await s.request(3, 'tools/call', {
      name: 'ask_name',
      arguments: {},
      inputResponses: { input_1: { action: 'maybe' } },
      _meta: meta,
    });
    expect(bad.result).toMatchObject({ isError: true, content: [{ text: expect.stringContaining('elicitation/create') }] });
    const noCapability = await s.request(4, 'tools/call', {
      name: 'ask_name',
      arguments: {},
      _meta: { ...meta, 'io.modelcontextprotocol/clientCapabilities': {} },
    });
    expect(noCapability.result).toMatchObject({ isError: true, content: [{ text: expect.stringContaining('elicitation') }] });
    s.close();
  });

  it('refuses elicitation for a client that did not declare the capability', async () => {
    const s = await socket();
    const reply = await s.request(1, 'tools/call', { name: 'ask_name', arguments: {} });
    expect(reply.result).toMatchObject({ isError: true, content: [{ text: expect.stringContaining('elicitation') }] });
    s.close();
  });
});
