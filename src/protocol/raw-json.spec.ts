import fc from 'fast-check';
import { encodeMessage, RAW_FIELDS, serializeMessage } from './raw-json';

describe('serializeMessage', () => {
  it('is JSON.stringify for ordinary messages', () => {
    const message = { jsonrpc: '2.0', id: 'x"result":{', result: { a: [1, { b: null }] } };
    expect(serializeMessage(message)).toBe(JSON.stringify(message));
  });

  it('splices pre-serialized fields into the result, before and alongside other fields', () => {
    const tools = [{ name: 'a', inputSchema: { type: 'object' } }];
    const withMeta = { jsonrpc: '2.0', id: 7, result: { [RAW_FIELDS]: { tools: JSON.stringify(tools) }, _meta: { correlationId: 'c' } } };
    expect(JSON.parse(serializeMessage(withMeta))).toEqual({ jsonrpc: '2.0', id: 7, result: { tools, _meta: { correlationId: 'c' } } });
    const alone = { jsonrpc: '2.0', id: '"result":{"', result: { [RAW_FIELDS]: { tools: '[]' } } };
    expect(JSON.parse(serializeMessage(alone))).toEqual({ jsonrpc: '2.0', id: '"result":{"', result: { tools: [] } });
  });

  it('writes the same JSON as JSON.stringify for any response, id and result', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true })),
        fc.jsonValue().map((v) => (typeof v === 'object' && v !== null && !Array.isArray(v) ? v : { value: v })),
        (id, result) => {
          const message = { jsonrpc: '2.0', id, result };
          expect(serializeMessage(message)).toBe(JSON.stringify(message));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('keeps other message shapes (extra keys, error responses, notifications) as JSON.stringify writes them', () => {
    const odd = [
      { jsonrpc: '2.0', id: null, result: {} },
      { jsonrpc: '2.0', id: 1, result: { a: 1 }, extra: { result: 0 } },
      { jsonrpc: '2.0', id: 1, error: { code: -32601, message: 'x' } },
      { jsonrpc: '2.0', method: 'notifications/progress', params: { progress: 1 } },
    ];
    for (const message of odd) expect(serializeMessage(message)).toBe(JSON.stringify(message));
    const withRaw = { jsonrpc: '2.0', id: 1, extra: true, result: { [RAW_FIELDS]: { tools: '[1]' }, b: 2 } };
    expect(JSON.parse(serializeMessage(withRaw))).toEqual({ jsonrpc: '2.0', id: 1, extra: true, result: { tools: [1], b: 2 } });
  });

  it('splices raw fields held as UTF-8 bytes: text for serializeMessage, bytes for encodeMessage', () => {
    const tools = [{ name: 'é-tool', description: 'ünïcode ✓' }];
    const message = {
      jsonrpc: '2.0',
      id: 3,
      result: { [RAW_FIELDS]: { tools: Buffer.from(JSON.stringify(tools)) }, _meta: { correlationId: 'c' } },
    };
    const expected = { jsonrpc: '2.0', id: 3, result: { tools, _meta: { correlationId: 'c' } } };
    expect(JSON.parse(serializeMessage(message))).toEqual(expected);
    const bytes = encodeMessage(message);
    expect(Buffer.isBuffer(bytes)).toBe(true);
    expect(JSON.parse(bytes.toString())).toEqual(expected);
    // Without raw bytes it stays text.
    expect(encodeMessage({ jsonrpc: '2.0', id: 1, result: {} })).toBe('{"jsonrpc":"2.0","id":1,"result":{}}');
  });
});
