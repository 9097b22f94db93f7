import { renderStatusPage } from './status-page.renderer';
import type { StatusSnapshot } from './status-snapshot';

function snapshot(overrides: Partial<StatusSnapshot> = {}): StatusSnapshot {
  return {
    server: { name: 'switchboard', version: '1.2.3' },
    protocol: { sessionRevisions: ['2025-11-25'], statelessRevisions: ['2026-07-28'] },
    tools: [],
    resources: [],
    resourceTemplates: [],
    prompts: [],
    connections: { webSockets: 3, sessionsWithOpenChannels: 2 },
    links: { metrics: '/metrics', ready: '/health/ready', protectedResource: '/.well-known/oauth-protected-resource' },
    generatedAt: '2026-01-01T00:00:00.000Z',
    ...overrides,
  };
}

describe('renderStatusPage', () => {
  it('escapes everything a tool author wrote, in text and in attributes', () => {
    const page = renderStatusPage(
      snapshot({
        tools: [
          {
            name: 'x"><script>alert(1)</script>',
            description: '<img src=x onerror=alert(1)>',
            scopes: ["a'b"],
            inputSchema: { description: '</pre><script>' },
          },
        ],
      }),
    );
    expect(page).not.toMatch(/<script|<img/i);
    expect(page).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(page).toContain('data-tool="x&quot;&gt;&lt;script&gt;');
    expect(page).toContain('a&#39;b');
  });

  it('shows versions, revisions of both eras, counts and links', () => {
    const page = renderStatusPage(snapshot());
    expect(page).toContain('v1.2.3');
    expect(page).toContain('<code>2025-11-25</code>');
    expect(page).toContain('<code>2026-07-28</code>');
    expect(page).toMatch(/id="ws-connections">3</);
    expect(page).toMatch(/id="open-sessions">2</);
    expect(page).toContain('href="/health/ready"');
  });
});
