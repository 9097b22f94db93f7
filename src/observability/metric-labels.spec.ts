import { errorCodeLabel, methodLabel, OTHER, toolOutcomeLabel } from './metric-labels';

describe('metric labels', () => {
  it('keeps known MCP and Switchboard methods and folds everything else into "other"', () => {
    expect(methodLabel('tools/call')).toBe('tools/call');
    expect(methodLabel('context/update')).toBe('context/update');
    expect(methodLabel('resources/templates/list')).toBe('resources/templates/list');
    for (const bogus of ['tools/call2', 'Tools/call', 'x'.repeat(41), 'bogus/m1', '', 'tools/call\n', 'notifications/initialized']) {
      expect(methodLabel(bogus)).toBe(OTHER);
    }
  });

  it('keeps JSON-RPC codes the server produces and folds the rest', () => {
    expect(errorCodeLabel(-32601)).toBe('-32601');
    expect(errorCodeLabel(-32009)).toBe('-32009');
    expect(errorCodeLabel(-1)).toBe(OTHER);
    expect(errorCodeLabel(undefined)).toBe(OTHER);
  });

  it('keeps the tool outcomes the handler reports', () => {
    expect(toolOutcomeLabel('invalid_input')).toBe('invalid_input');
    expect(toolOutcomeLabel('made_up')).toBe(OTHER);
  });
});
