import fc from 'fast-check';
import { MAX_JSON_DEPTH, parseFrame, requestIdOf } from './json-rpc-frame';

const nested = (depth: number, inner = '1') => '['.repeat(depth) + inner + ']'.repeat(depth);

function rejected(text: string) {
  const result = parseFrame(text);
  if (result.ok) throw new Error(`expected ${text.slice(0, 80)} to be rejected`);
  return result.error;
}

describe('parseFrame', () => {
  it('returns a valid JSON-RPC request unchanged', () => {
    const request = { jsonrpc: '2.0', id: 7, method: 'tools/call', params: { name: 'echo', arguments: { text: 'hi' } } };
    expect(parseFrame(JSON.stringify(request))).toEqual({ ok: true, message: request });
  });

  describe('malformed JSON', () => {
    it.each(['{', '{"jsonrpc":"2.0",}', 'not json', '', '{"a":1}}'])('%j → -32700 with id null', (text) => {
      const error = rejected(text);
      expect(error.id).toBeNull();
      expect(error.error.code).toBe(-32700);
      expect(error.error.message).toMatch(/^Parse error/);
    });
  });

  describe('nesting depth', () => {
    it(`accepts exactly ${MAX_JSON_DEPTH} levels`, () => {
      expect(parseFrame(nested(MAX_JSON_DEPTH)).ok).toBe(true);
    });

    it(`rejects ${MAX_JSON_DEPTH + 1} levels with -32600 and id null`, () => {
      const error = rejected(nested(MAX_JSON_DEPTH + 1));
      expect(error.error.code).toBe(-32600);
      expect(error.error.message).toContain(`deeper than ${MAX_JSON_DEPTH}`);
      expect(error.id).toBeNull();
    });

    it('leaves short text to JSON.parse: too short to nest too deep, or unbalanced and a parse error', () => {
      expect(parseFrame(nested(MAX_JSON_DEPTH - 1)).ok).toBe(true);
      expect(rejected('['.repeat(2 * MAX_JSON_DEPTH + 1)).error.code).toBe(-32700);
    });

    it('rejects hostile depth (100k levels) without a stack overflow', () => {
      expect(rejected(nested(100_000)).error.code).toBe(-32600);
    });

    it('counts mixed objects and arrays', () => {
      const deep = '{"a":'.repeat(40) + nested(30) + '}'.repeat(40);
      expect(rejected(deep).error.code).toBe(-32600);
      expect(parseFrame('{"a":'.repeat(30) + nested(30) + '}'.repeat(30)).ok).toBe(true);
    });

    it('does not count brackets inside strings', () => {
      const text = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'x', params: { s: '[{'.repeat(500) } });
      expect(parseFrame(text).ok).toBe(true);
    });

    it('handles escaped quotes and backslashes inside strings', () => {
      // If `\"` ended the string, the brackets after it would count as nesting.
      const tricky = JSON.stringify({ s: `a\\"${'['.repeat(100)}`, t: 'b\\', u: `"${'{'.repeat(100)}` });
      expect(parseFrame(tricky)).toEqual({ ok: true, message: JSON.parse(tricky) });
    });

    it('honours a custom maxDepth', () => {
      expect(parseFrame(nested(3), 2).ok).toBe(false);
      expect(parseFrame(nested(2), 2).ok).toBe(true);
    });
  });

  describe('prototype pollution', () => {
    it('rejects __proto__ at the top level with the request id', () => {
      const error = rejected('{"jsonrpc":"2.0","id":"req-1","method":"x","__proto__":{"admin":true}}');
      expect(error).toMatchObject({ id: 'req-1', error: { code: -32600, data: { path: '__proto__' } } });
      expect(error.error.message).toContain('forbidden key at __proto__');
    });

    it('names the path of a nested __proto__', () => {
      const error = rejected('{"jsonrpc":"2.0","id":3,"method":"context/update","params":{"patch":{"a":{"__proto__":{"x":1}}}}}');
      expect(error.id).toBe(3);
      expect(error.error.data).toEqual({ path: 'params.patch.a.__proto__' });
    });

    it('finds __proto__ inside arrays', () => {
      const error = rejected('{"jsonrpc":"2.0","id":4,"method":"m","params":{"list":[1,{"ok":1},{"__proto__":{}}]}}');
      expect(error.error.data).toEqual({ path: 'params.list[2].__proto__' });
    });

    it('rejects constructor.prototype', () => {
      const error = rejected('{"jsonrpc":"2.0","id":5,"method":"m","params":{"constructor":{"prototype":{"polluted":true}}}}');
      expect(error).toMatchObject({ id: 5, error: { code: -32600, data: { path: 'params.constructor.prototype' } } });
    });

    it('allows a plain key named "constructor" with a string value, and "prototype" elsewhere', () => {
      const text = '{"jsonrpc":"2.0","id":6,"method":"m","params":{"constructor":"Foo","prototype":"bar","x":{"prototype":1}}}';
      expect(parseFrame(text)).toEqual({ ok: true, message: JSON.parse(text) });
    });

    it('allows "__proto__" as a string value', () => {
      expect(parseFrame('{"jsonrpc":"2.0","id":1,"method":"m","params":{"key":"__proto__"}}').ok).toBe(true);
    });

    it('uses id null when the polluted message has no usable id', () => {
      expect(rejected('{"id":{"x":1},"__proto__":{}}').id).toBeNull();
    });

    // BUG: the fast path looks for the literal text `"__proto__"`, so a key spelled with a JSON
    // unicode escape (`"\u005f_proto__"`), which JSON.parse decodes to `__proto__`, is never
    // inspected. Fix in json-rpc-frame.ts parseFrame: also walk the value when the text contains
    // a backslash-u escape (e.g. `|| text.includes('\\u')`), or drop the textual pre-check.
    it('rejects __proto__ spelled with a unicode escape', () => {
      const error = rejected('{"jsonrpc":"2.0","id":8,"method":"m","params":{"\\u005f_proto__":{"admin":true}}}');
      expect(error.error.data).toEqual({ path: 'params.__proto__' });
    });

    it('rejects constructor.prototype spelled with a unicode escape', () => {
      expect(rejected('{"jsonrpc":"2.0","id":9,"method":"m","params":{"constructor":{"\\u0070rototype":{}}}}').error.code).toBe(-32600);
    });
  });

  it('parses huge numbers without crashing', () => {
    const result = parseFrame('{"jsonrpc":"2.0","id":1,"method":"m","params":{"big":1e400,"long":123456789012345678901234567890}}');
    expect(result.ok).toBe(true);
    const params = (result as { message: { params: { big: number; long: number } } }).message.params;
    expect(params.big).toBe(Infinity);
    expect(params.long).toBeCloseTo(1.2345678901234568e29);
  });

  describe('properties', () => {
    it('any JSON value serialized parses back equal', () => {
      fc.assert(
        fc.property(fc.jsonValue({ maxDepth: 10 }), (value) => {
          const text = JSON.stringify(value);
          const result = parseFrame(text);
          // fast-check may generate a "__proto__" key; that, and only that, is refused.
          if (text.includes('"__proto__"')) return;
          expect(result).toEqual({ ok: true, message: JSON.parse(text) });
        }),
        { numRuns: 300 },
      );
    });

    it('never throws on arbitrary text, and a failure is always -32700 or -32600', () => {
      const text = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.stringMatching(/^[[\]{}":,\\0-9a-z ]*$/));
      fc.assert(
        fc.property(text, (input) => {
          const result = parseFrame(input);
          if (!result.ok) expect([-32700, -32600]).toContain(result.error.error.code);
        }),
        { numRuns: 300 },
      );
    });
  });
});

describe('requestIdOf', () => {
  it.each([
    [{ id: 1 }, 1],
    [{ id: 'a' }, 'a'],
    [{ id: null }, null],
    [{ id: Infinity }, null],
    [{ id: { x: 1 } }, null],
    [[{ id: 1 }], null],
    ['text', null],
  ])('%j → %j', (message, id) => {
    expect(requestIdOf(message)).toBe(id);
  });
});
