import type { EventBus, SwitchboardEvent } from '../events/event-bus.service';
import { RequestAbort } from './request-abort';
import { MAX_PASSED_ON_ID, SessionRequests } from './session-requests';

function recordingBus() {
  const published: SwitchboardEvent[] = [];
  const bus = { on: () => undefined, publish: async (event: SwitchboardEvent) => void published.push(event) } as unknown as EventBus;
  return { bus, published };
}

describe('SessionRequests', () => {
  it('cancels a request running here without an event, and passes others on with the reason capped', async () => {
    const { bus, published } = recordingBus();
    const requests = new SessionRequests(bus);
    const abort = new RequestAbort();
    requests.add('s1', 7, abort);
    await requests.cancel('s1', 7, 'user gave up');
    expect(abort.aborted).toBe(true);
    expect(published).toEqual([]);

    await requests.cancel('s1', 'elsewhere', 'r'.repeat(2_000));
    expect(published).toEqual([{ type: 'request.cancelled', sessionId: 's1', requestId: 'elsewhere', reason: 'r'.repeat(500) }]);
  });

  it('does not pass on a cancellation whose request id is longer than MAX_PASSED_ON_ID (it would become a stored row)', async () => {
    const { bus, published } = recordingBus();
    const requests = new SessionRequests(bus);
    await requests.cancel('s1', 'i'.repeat(MAX_PASSED_ON_ID + 1), 'too long an id');
    expect(published).toEqual([]);
    await requests.cancel('s1', 'i'.repeat(MAX_PASSED_ON_ID), 'long enough');
    expect(published).toHaveLength(1);
    // Such a request running here is still cancelled.
    const abort = new RequestAbort();
    requests.add('s1', 'j'.repeat(MAX_PASSED_ON_ID + 1), abort);
    await requests.cancel('s1', 'j'.repeat(MAX_PASSED_ON_ID + 1), 'here');
    expect(abort.aborted).toBe(true);
  });
});
