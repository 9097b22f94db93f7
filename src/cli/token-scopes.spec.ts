import { KNOWN_BASE_SCOPES } from '../auth/scopes';
import { UsageError } from './exit-codes';
import { DEFAULT_TOKEN_SCOPES, parseScopeList, unknownScopes } from './token-scopes';

describe('token scopes', () => {
  it('by default grants the base scopes and the example tools’ scopes', () => {
    expect(DEFAULT_TOKEN_SCOPES).toEqual([
      ...KNOWN_BASE_SCOPES,
      'customers:read',
      'tickets:write',
      'analytics:read',
      'orders:read',
      'workflows:run',
    ]);
  });

  it('splits on spaces or commas and drops duplicates', () => {
    expect(parseScopeList('  context:read,customers:read  context:read ')).toEqual(['context:read', 'customers:read']);
  });

  it('rejects an empty list and characters a scope cannot contain', () => {
    expect(() => parseScopeList('  ')).toThrow(UsageError);
    expect(() => parseScopeList('context:read "quoted"')).toThrow(/invalid scope "\\"quoted\\""/);
  });

  it('flags scopes nothing is known to declare', () => {
    expect(unknownScopes(['context:read', 'payroll:write'])).toEqual(['payroll:write']);
  });
});
