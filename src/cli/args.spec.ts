import { GLOBAL_OPTIONS, integerOption, jsonObjectOption, parseCommandLine } from './args';
import { UsageError } from './exit-codes';

const options = { ...GLOBAL_OPTIONS, limit: { type: 'string' as const, description: 'n' } };

describe('parseCommandLine', () => {
  it('separates command words, options and their values in any order', () => {
    const parsed = parseCommandLine(['--json', 'tools', 'call', 'echo', '--url', 'http://h/mcp', '-h'], options);
    expect(parsed.positionals).toEqual(['tools', 'call', 'echo']);
    expect(parsed.values).toMatchObject({ json: true, url: 'http://h/mcp', help: true });
  });

  it('accepts --name=value', () => {
    expect(parseCommandLine(['--limit=5'], options).values['limit']).toBe('5');
  });

  it('turns an unknown option into a usage error', () => {
    expect(() => parseCommandLine(['--nope'], options)).toThrow(UsageError);
    expect(() => parseCommandLine(['--nope'], options)).toThrow(/Unknown option '--nope'/);
  });

  it('turns a missing option value into a usage error', () => {
    expect(() => parseCommandLine(['--url'], options)).toThrow(UsageError);
  });
});

describe('integerOption', () => {
  it('reads whole numbers and leaves absent options undefined', () => {
    expect(integerOption({ limit: '20' }, 'limit')).toBe(20);
    expect(integerOption({}, 'limit')).toBeUndefined();
  });

  it.each(['abc', '1.5', '', '1e3'])('rejects %p', (text) => {
    expect(() => integerOption({ limit: text }, 'limit')).toThrow(/--limit must be a whole number/);
  });

  it('enforces the minimum', () => {
    expect(() => integerOption({ limit: '0' }, 'limit', 1)).toThrow(/--limit must be 1 or more/);
    expect(() => integerOption({ after: '-1' }, 'after')).toThrow(UsageError);
  });
});

describe('jsonObjectOption', () => {
  it('parses a JSON object', () => {
    expect(jsonObjectOption({ args: '{"id":"c-1","n":[1]}' }, 'args')).toEqual({ id: 'c-1', n: [1] });
  });

  it('explains invalid JSON and quotes the input', () => {
    expect(() => jsonObjectOption({ args: "{id:'x'}" }, 'args')).toThrow(/--args is not valid JSON .*\{id:'x'\}/);
  });

  it.each(['[1,2]', '"text"', '42', 'null'])('rejects the non-object %s', (text) => {
    expect(() => jsonObjectOption({ args: text }, 'args')).toThrow(/--args must be a JSON object/);
  });
});
