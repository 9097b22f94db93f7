import { backoffDelay, DEFAULT_RECONNECT, isRetriableClose, isRetriableConnectError } from './reconnect-policy';
import { WebSocketUpgradeError } from './websocket-upgrade-error';

describe('reconnect policy', () => {
  it('reconnects after a server going away, a drop or a restart, but not after a token expiry or a policy close', () => {
    for (const code of [1001, 1006, 1011, 1012, 1013]) expect(isRetriableClose(code)).toBe(true);
    for (const code of [1000, 1008, 1009, 4401, undefined]) expect(isRetriableClose(code)).toBe(false);
  });

  it('retries network errors and 5xx upgrades, never 401, 403 or 404', () => {
    expect(isRetriableConnectError(new Error('ECONNREFUSED'))).toBe(true);
    expect(isRetriableConnectError(new WebSocketUpgradeError(503, 'draining', {}))).toBe(true);
    for (const status of [401, 403, 404]) expect(isRetriableConnectError(new WebSocketUpgradeError(status, '', {}))).toBe(false);
  });

  it('doubles the delay ceiling each attempt, within [min, max], with jitter', () => {
    const opts = { retries: 5, minDelayMs: 100, maxDelayMs: 1000 };
    expect(backoffDelay(0, opts, () => 1)).toBe(100);
    expect(backoffDelay(1, opts, () => 1)).toBe(200);
    expect(backoffDelay(3, opts, () => 1)).toBe(800);
    expect(backoffDelay(10, opts, () => 1)).toBe(1000);
    expect(backoffDelay(10, opts, () => 0)).toBe(100);
    expect(backoffDelay(2, DEFAULT_RECONNECT, () => 0.5)).toBeGreaterThanOrEqual(DEFAULT_RECONNECT.minDelayMs);
  });
});
