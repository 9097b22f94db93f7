import { chunkBySize } from './switchboard-event';

describe('chunkBySize', () => {
  it('fills each chunk up to the limit, keeps order, and puts an item larger than the limit alone', () => {
    const chunks = chunkBySize(['aaa', 'bb', 'c', 'dddddd', 'ee'], (s) => s.length, 5);
    expect(chunks).toEqual([['aaa', 'bb'], ['c'], ['dddddd'], ['ee']]);
    expect(chunkBySize([], (s: string) => s.length, 5)).toEqual([]);
  });
});
