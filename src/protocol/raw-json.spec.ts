import { RAW_FIELDS, serializeMessage } from './raw-json';

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
});
