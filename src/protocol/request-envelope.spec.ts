import type { McpConnection } from './mcp-connection';
import type { McpCall, MethodDefinition } from './method-definition';
import { META } from './protocol-versions';
import { RAW_FIELDS } from './raw-json';
import { decorate } from './request-envelope';
import { hiddenClassChanges as mapChanges } from '../../test/support/hidden-class';

const connection = { transportCorrelationId: undefined } as unknown as McpConnection;
const legacy = { era: 'legacy', connection } as unknown as McpCall;
const modern = { era: 'modern', connection } as unknown as McpCall;
const plain = { cacheable: false } as MethodDefinition;
const cacheable = { cacheable: true } as MethodDefinition;

/** What a tool hands back: a fresh literal per call. */
const toolResult = (i: number): Record<string, unknown> => ({ content: [{ type: 'text', text: `answer ${i}` }] });

describe('decorate', () => {
  it('adds the correlation id to a 2025-era result, keeping the result as it was', () => {
    expect(decorate(toolResult(1), legacy, plain, 'c-1')).toEqual({
      content: [{ type: 'text', text: 'answer 1' }],
      _meta: { correlationId: 'c-1' },
    });
  });

  it('keeps an empty 2025-era result exactly {} unless the client sent the correlation id', () => {
    expect(decorate({}, legacy, plain, 'generated')).toEqual({});
    const sent = { ...legacy, meta: { correlationId: 'mine' } } as McpCall;
    expect(decorate({}, sent, plain, 'mine')).toEqual({ _meta: { correlationId: 'mine' } });
  });

  it("merges a result's own _meta, with our correlation id winning", () => {
    const own = { content: [], _meta: { trace: 't', correlationId: 'forged' } };
    expect(decorate(own, legacy, plain, 'c-2')._meta).toEqual({ trace: 't', correlationId: 'c-2' });
    const modernMeta = decorate(own, modern, plain, 'c-3')._meta as Record<string, unknown>;
    expect(modernMeta).toEqual({
      trace: 't',
      correlationId: 'c-3',
      [META.serverInfo]: expect.objectContaining({ name: expect.any(String) }),
    });
    expect(own._meta).toEqual({ trace: 't', correlationId: 'forged' });
  });

  it('gives a modern result resultType, server identity and, for lists, the cache hint; a result may override resultType', () => {
    const done = decorate(toolResult(2), modern, plain, 'c-4');
    expect(done).toMatchObject({ resultType: 'complete', content: [{ type: 'text', text: 'answer 2' }], _meta: { correlationId: 'c-4' } });
    expect(done).not.toHaveProperty('ttlMs');
    expect(decorate({ tools: [] }, modern, cacheable, 'c-5')).toMatchObject({
      resultType: 'complete',
      ttlMs: 60_000,
      cacheScope: 'private',
    });
    expect(decorate({ resultType: 'input_required', inputRequests: {} }, modern, plain, 'c-6').resultType).toBe('input_required');
  });

  it('keeps pre-serialized fields', () => {
    const raw = { [RAW_FIELDS]: { tools: Buffer.from('[]') } };
    expect(decorate(raw, legacy, plain, 'c-7')[RAW_FIELDS as unknown as string]).toBe(raw[RAW_FIELDS]);
    expect(decorate(raw, modern, cacheable, 'c-8')[RAW_FIELDS as unknown as string]).toBe(raw[RAW_FIELDS]);
  });

  // A literal that starts with a spread and then adds a key gets a map of its own on every call
  // (V8 11, Node 20): every answer would leave a map in old space and make its readers megamorphic.
  it('gives every decorated result of one shape the same hidden class', () => {
    expect(mapChanges((i) => ({ ...toolResult(i), _meta: { correlationId: `c${i}` } }))).toBeGreaterThan(1_000); // the trap is real here
    expect(mapChanges((i) => decorate(toolResult(i), legacy, plain, `c${i}`))).toBeLessThanOrEqual(1);
    expect(mapChanges((i) => decorate(toolResult(i), modern, plain, `c${i}`))).toBeLessThanOrEqual(1);
    expect(mapChanges((i) => decorate({ tools: [], nextCursor: `n${i}` }, modern, cacheable, `c${i}`))).toBeLessThanOrEqual(1);
    expect(mapChanges((i) => decorate({ ...toolResult(i), _meta: { trace: i } }, legacy, plain, `c${i}`))).toBeLessThanOrEqual(1);
    expect(mapChanges((i) => decorate(toolResult(i), modern, plain, `c${i}`)._meta as object)).toBeLessThanOrEqual(1);
  });
});
