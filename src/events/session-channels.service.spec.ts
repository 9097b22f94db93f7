import type { JSONRPCMessage } from '@modelcontextprotocol/server';
import type { McpConnection } from '../protocol/mcp-connection';
import { SessionChannels } from './session-channels.service';

/** A channel that records what it was given, and takes it or not. */
function channel(name: string, got: string[], takes = true) {
  return {
    push: (message: JSONRPCMessage) => (got.push(`${name} ${(message as { method: string }).method}`), takes),
  } as unknown as McpConnection;
}
const update = { jsonrpc: '2.0', method: 'notifications/resources/updated', params: { uri: 'context://x' } } as JSONRPCMessage;

describe('SessionChannels', () => {
  it('delivers a session message on one stream only, the newest, as the transport spec asks', () => {
    const got: string[] = [];
    const channels = new SessionChannels();
    const older = channel('older', got);
    const newer = channel('newer', got);
    channels.open('s1', older);
    channels.open('s1', newer);
    expect(channels.notify('s1', update)).toBe(true);
    expect(got).toEqual(['newer notifications/resources/updated']);
    channels.close('s1', newer);
    expect(channels.notify('s1', update)).toBe(true);
    expect(got).toEqual(['newer notifications/resources/updated', 'older notifications/resources/updated']);
  });

  it('falls back to an older stream when the newest cannot take the message, and reports when none could', () => {
    const got: string[] = [];
    const channels = new SessionChannels();
    channels.open('s1', channel('older', got));
    channels.open('s1', channel('full', got, false));
    expect(channels.notify('s1', update)).toBe(true);
    expect(got).toEqual(['full notifications/resources/updated', 'older notifications/resources/updated']);
    expect(channels.notify('nobody', update)).toBe(false);
  });
});
