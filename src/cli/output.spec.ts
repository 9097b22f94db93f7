import { formatColumns, formatTable, formatTimestamp, Output, truncate } from './output';

function sink() {
  const chunks: string[] = [];
  return { write: (text: string) => chunks.push(text), text: () => chunks.join('') };
}

describe('formatTable', () => {
  it('aligns columns under upper-case headers without trailing blanks', () => {
    const table = formatTable(
      ['name', 'description'],
      [
        ['getCustomerById', 'Looks up a customer'],
        ['echo', ''],
      ],
    );
    expect(table.split('\n')).toEqual(['NAME             DESCRIPTION', 'getCustomerById  Looks up a customer', 'echo']);
  });

  it('keeps every row on one line', () => {
    expect(formatTable(['a', 'b'], [['x', 'line one\nline two']]).split('\n')).toHaveLength(2);
  });

  it('aligns headerless columns', () => {
    expect(
      formatColumns([
        ['--url <url>', 'server'],
        ['-h', 'help'],
      ]),
    ).toBe('--url <url>  server\n-h           help');
  });
});

describe('truncate and formatTimestamp', () => {
  it('shortens long text with an ellipsis to exactly the limit', () => {
    expect(truncate('abcdefgh', 5)).toBe('abcd…');
    expect(truncate('abc', 5)).toBe('abc');
  });

  it('prints timestamps to the second in UTC, and - for none', () => {
    expect(formatTimestamp('2025-03-04T05:06:07.890Z')).toBe('2025-03-04 05:06:07Z');
    expect(formatTimestamp(null)).toBe('-');
    expect(formatTimestamp('not a date')).toBe('not a date');
  });
});

describe('Output', () => {
  it('prints results as tables for people and JSON for scripts, notes on stderr', () => {
    const [stdout, stderr] = [sink(), sink()];
    new Output(stdout, stderr, false).result({ n: 1 }, () => 'N\n1');
    new Output(stdout, stderr, true).result({ n: 1 }, () => 'unused');
    new Output(stdout, stderr, true).note('careful');
    expect(stdout.text()).toBe('N\n1\n{\n  "n": 1\n}\n');
    expect(stderr.text()).toBe('careful\n');
  });

  it('prints errors with their JSON-RPC code and data', () => {
    const [stdout, stderr] = [sink(), sink()];
    new Output(stdout, stderr, false).error({ message: 'version conflict', code: -32009, data: { currentVersion: 3 } });
    new Output(stdout, stderr, true).error({ message: 'boom' });
    expect(stdout.text()).toBe('');
    expect(stderr.text()).toBe('error: version conflict (code -32009)\n{\n  "currentVersion": 3\n}\n{"error":{"message":"boom"}}\n');
  });
});
