import { unstorableInJsonb } from './jsonb-text';

describe('unstorableInJsonb', () => {
  it('accepts ordinary JSON, emoji (paired surrogates) included', () => {
    expect(unstorableInJsonb({ a: [1, 'x', null, { b: 'héllo 😀' }], '': true }, 'patch')).toBeUndefined();
  });

  it('names the path of a string holding U+0000 or an unpaired surrogate', () => {
    expect(unstorableInJsonb({ notes: ['ok', 'a\u0000b'] }, 'patch')).toBe(
      'patch.notes[1]: contains U+0000, which PostgreSQL cannot store',
    );
    expect(unstorableInJsonb({ a: { b: '\ud800' } }, 'patch')).toBe(
      'patch.a.b: contains an unpaired UTF-16 surrogate, which is not valid Unicode',
    );
    expect(unstorableInJsonb({ a: '\udc00x' }, 'patch')).toBe('patch.a: contains an unpaired UTF-16 surrogate, which is not valid Unicode');
  });

  it('checks keys too', () => {
    expect(unstorableInJsonb({ ok: { 'k\u0000': 1 } }, 'patch')).toBe(
      'patch.ok: key "k\\u0000" contains U+0000, which PostgreSQL cannot store',
    );
  });

  it('walks deep nesting without recursion', () => {
    let deep: unknown = 'a\u0000';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(unstorableInJsonb(deep, 'patch')).toMatch(/^patch(\[0\]){100000}: contains U\+0000/);
  });
});
