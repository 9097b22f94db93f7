import { createSwitchboardTestApp, type SwitchboardTestApp } from '../../src/testing';
import { WidgetModule } from './widget.module';

describe('widget tools', () => {
  let app: SwitchboardTestApp;
  beforeAll(async () => {
    app = await createSwitchboardTestApp({
      imports: [WidgetModule],
      scopes: ['widget:read', 'widget:write', 'context:read'],
      onElicit: () => ({ action: 'accept', content: { confirm: true } }),
    });
  });
  afterAll(() => app?.close());

  it('looks a widget up and counts lookups in the session context', async () => {
    const first = await app.callTool('widget_lookup', { id: 'W-42' });
    expect(first.structuredContent).toEqual({ id: 'W-42', label: 'Widget W-42', lookups: 1 });
    const second = await app.callTool('widget_lookup', { id: 'W-42' });
    expect(second.structuredContent).toMatchObject({ lookups: 2 });
  });

  it('tells the model which argument is wrong', async () => {
    const result = await app.callTool('widget_lookup', { id: 'nope' });
    expect(result.isError).toBe(true);
    expect(JSON.stringify(result.content)).toContain('id');
  });

  it('reports a failure the agent should see as an error result', async () => {
    const result = await app.callTool('widget_lookup', { id: 'W-0' });
    expect(result).toMatchObject({ isError: true, content: [{ type: 'text', text: 'There is no widget W-0' }] });
  });

  it('renames after the user confirms', async () => {
    const result = await app.callTool('widget_rename', { id: 'W-1', label: 'Blue' });
    expect(result.structuredContent).toEqual({ id: 'W-1', renamed: true });
  });

  it('hides the tools from an agent without their scopes', async () => {
    const client = await app.connect({ agentId: 'reader', scopes: ['widget:read'] });
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toContain('widget_lookup');
    expect(tools.map((t) => t.name)).not.toContain('widget_rename');
  });
});
