import type { JSONRPCMessage } from '@modelcontextprotocol/client';
import { hiddenClassChanges } from '../../test/support/hidden-class';
import { stampRequestMeta } from './request-meta';

const request = (id: number, params?: Record<string, unknown>): JSONRPCMessage =>
  ({ jsonrpc: '2.0', id, method: 'tools/call', ...(params && { params }) }) as JSONRPCMessage;

describe('stampRequestMeta', () => {
  it('adds a correlation id and the configured metadata, the caller’s own _meta winning', () => {
    const stamped = stampRequestMeta(request(1, { name: 't', _meta: { agentName: 'mine', trace: 'x' } }), {
      correlationIds: () => 'c-1',
      requestMeta: { agentName: 'configured', team: 'billing' },
    });
    expect(stamped).toEqual({
      jsonrpc: '2.0',
      id: 1,
      method: 'tools/call',
      params: { name: 't', _meta: { agentName: 'mine', team: 'billing', correlationId: 'c-1', trace: 'x' } },
    });
    const own = stampRequestMeta(request(2, { _meta: { correlationId: 'from-caller' } }), { correlationIds: () => 'generated' });
    expect((own as unknown as { params: { _meta: unknown } }).params._meta).toEqual({ correlationId: 'from-caller' });
  });

  it('adds params to a request without them, and leaves the original message alone', () => {
    const original = request(3);
    const stamped = stampRequestMeta(original, { correlationIds: () => 'c-3' });
    expect(stamped).toEqual({ jsonrpc: '2.0', id: 3, method: 'tools/call', params: { _meta: { correlationId: 'c-3' } } });
    expect(original).toEqual({ jsonrpc: '2.0', id: 3, method: 'tools/call' });
  });

  it('keeps an own "__proto__" key as a key (the server refuses it), as a spread would', () => {
    const params = JSON.parse('{"name":"x","__proto__":{"a":1},"_meta":{"__proto__":{"b":2}}}') as Record<string, unknown>;
    const stamped = stampRequestMeta(request(6, params), { correlationIds: () => 'c-6' });
    expect(JSON.parse(JSON.stringify(stamped))).toEqual(
      JSON.parse(
        '{"jsonrpc":"2.0","id":6,"method":"tools/call","params":{"name":"x","__proto__":{"a":1},"_meta":{"correlationId":"c-6","__proto__":{"b":2}}}}',
      ),
    );
    expect(JSON.stringify(stamped)).toContain('"__proto__":{"a":1}');
    expect(Object.getPrototypeOf((stamped as unknown as { params: object }).params)).toBe(Object.prototype);
  });

  it('passes notifications, responses and unstamped requests through unchanged', () => {
    const notification = { jsonrpc: '2.0', method: 'notifications/initialized' } as JSONRPCMessage;
    expect(stampRequestMeta(notification, {})).toBe(notification);
    const plain = request(4, { name: 't' });
    expect(stampRequestMeta(plain, { correlationIds: false })).toBe(plain);
    const generated = stampRequestMeta(request(5), {}) as unknown as { params: { _meta: { correlationId: string } } };
    expect(generated.params._meta.correlationId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('gives every stamped request of one shape the same hidden class', () => {
    const options = { correlationIds: () => 'c', requestMeta: { agentName: 'bot' } };
    const stamp = (i: number) =>
      stampRequestMeta(request(i, { name: 't', arguments: { i } }), options) as unknown as { params: { _meta: object } };
    expect(hiddenClassChanges(stamp)).toBeLessThanOrEqual(1);
    expect(hiddenClassChanges((i) => stamp(i).params)).toBeLessThanOrEqual(1);
    expect(hiddenClassChanges((i) => stamp(i).params._meta)).toBeLessThanOrEqual(1);
  });
});
