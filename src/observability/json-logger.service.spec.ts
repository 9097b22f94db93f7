import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import { scratchDir } from '../../test/support/scratch';
import { JsonLogger } from './json-logger.service';

describe('JsonLogger.flush', () => {
  it('resolves only after every line written so far has left the process (asynchronous destination)', async () => {
    const file = join(scratchDir('logger-'), 'out.log');
    const destination = pino.destination({ dest: file, sync: false }); // as in production, to a file
    const logger = new JsonLogger('info', destination);
    const lines = 20_000;
    for (let i = 0; i < lines; i++) logger.error({ msg: 'audit row spilled', row: { n: i, pad: 'x'.repeat(100) } }, 'audit');
    await logger.flush();
    const written = readFileSync(file, 'utf8').trimEnd().split('\n');
    expect(written).toHaveLength(lines);
    expect(JSON.parse(written[lines - 1])).toMatchObject({ msg: 'audit row spilled', row: { n: lines - 1 } });
    destination.end();
  });

  it('gives up after its timeout rather than hold a shutdown when the destination never answers', async () => {
    // A write in flight whose 'drain' never comes (a stuck pipe).
    const stuck = {
      write: () => true,
      flushSync: () => undefined,
      _writing: true,
      once: () => undefined,
    } as unknown as pino.DestinationStream;
    const logger = new JsonLogger('info', stuck);
    const started = Date.now();
    await logger.flush(50);
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
  });
});
