import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEV_SECRET_FILE } from '../auth/dev-secret';
import { loadConfig } from '../config/app-config';
import { UsageError } from './exit-codes';
import { chooseSigningKey } from './token-signing-key';

describe('chooseSigningKey', () => {
  const secret = 'x'.repeat(40);
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'switchboard-cli-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('signs with AUTH_JWT_SECRET when it is set, in production too', () => {
    const key = chooseSigningKey(loadConfig({ NODE_ENV: 'production', AUTH_JWT_SECRET: secret }));
    expect(key).toEqual({ secret, origin: 'AUTH_JWT_SECRET' });
  });

  it('refuses when the server trusts an authorization server’s JWKS', () => {
    const config = loadConfig({ NODE_ENV: 'production', AUTH_JWKS_URL: 'https://idp.example/jwks' });
    expect(() => chooseSigningKey(config)).toThrow(UsageError);
    expect(() => chooseSigningKey(config)).toThrow(/tokens come from your authorization server/);
  });

  it('uses (and creates) the dev secret in the data directory in development', () => {
    const key = chooseSigningKey(loadConfig({ SWITCHBOARD_DATA_DIR: dataDir }));
    expect(key.secret).toBe(readFileSync(join(dataDir, DEV_SECRET_FILE), 'utf8').trim());
    expect(chooseSigningKey(loadConfig({ SWITCHBOARD_DATA_DIR: dataDir })).secret).toBe(key.secret);
  });
});
