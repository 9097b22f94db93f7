import { CallToolRequestSchema } from '@modelcontextprotocol/core';
import fc from 'fast-check';
import { sdkSchema } from '../params-parsers';
import { parseToolCallParams } from './tools.handlers';

const sdk = sdkSchema(CallToolRequestSchema);

/** What a parser makes of params: the parsed value, or the error it throws. */
function outcome(parse: (message: { method: string; params?: unknown }) => unknown, params: unknown) {
  try {
    return { ok: parse({ method: 'tools/call', params }) };
  } catch (err) {
    return { error: (err as Error).message };
  }
}

const value = fc.oneof(
  fc.constantFrom(undefined, null, 0, 1, -1, 1.5, 1e21, '', 'tok', true, [], {}, { a: 1 }, [1]),
  fc.string({ maxLength: 5 }),
  fc.integer(),
);
const meta = fc.oneof(
  value,
  fc.dictionary(fc.constantFrom('progressToken', 'other', 'io.modelcontextprotocol/related-task'), value, { maxKeys: 2 }),
);
const params = fc.oneof(
  value,
  fc.record(
    {
      name: fc.oneof(fc.constantFrom('bench_echo', 'a.b-c_d'), value),
      arguments: fc.oneof(value, fc.dictionary(fc.string({ maxLength: 4 }), value, { maxKeys: 3 })),
      _meta: meta,
      task: fc.oneof(value, fc.record({ ttl: fc.integer() })),
      inputResponses: value,
      extra: value,
    },
    { requiredKeys: [] },
  ),
);

describe('tools/call params', () => {
  it("agree with the SDK's schema on every shape: same value when valid, same message when not", () => {
    fc.assert(
      fc.property(params, (p) => {
        expect(outcome(parseToolCallParams, p)).toEqual(outcome(sdk, p));
      }),
      { numRuns: 2000 },
    );
  });

  it('take the everyday shapes without the schema', () => {
    const everyday = [
      { name: 'bench_echo', arguments: { text: 'hi' } },
      { name: 'bench_echo' },
      { name: 'bench_echo', arguments: {}, _meta: { progressToken: 7 } },
      { name: 'bench_echo', arguments: { a: [1] }, _meta: { progressToken: 'p-1' } },
    ];
    const spy = jest.spyOn(CallToolRequestSchema, 'safeParse');
    try {
      for (const p of everyday) expect(parseToolCallParams({ method: 'tools/call', params: p })).toEqual(p);
      expect(spy).not.toHaveBeenCalled();
    } finally {
      spy.mockRestore();
    }
  });
});
