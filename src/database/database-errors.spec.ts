import { isDatabaseUnavailable } from './database-errors';

const pgError = (code: string, message = 'error') => Object.assign(new Error(message), { code });

describe('isDatabaseUnavailable', () => {
  it('is true for an unreachable database and for work refused for a passing reason', () => {
    for (const code of ['ECONNREFUSED', '57P01', '08006', '25006', '40P01', '40001', '53300', '57014']) {
      expect({ code, unavailable: isDatabaseUnavailable(pgError(code)) }).toEqual({ code, unavailable: true });
    }
    expect(isDatabaseUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
  });

  it('looks through Prisma wrapping at the driver error', () => {
    const wrapped = { code: 'P2010', message: 'Raw query failed', meta: { driverAdapterError: { cause: pgError('53300') } } };
    expect(isDatabaseUnavailable(wrapped)).toBe(true);
  });

  it('is false for data the database will never accept, and for bugs', () => {
    for (const code of ['22P02', '22021', '23505', '23503', '42601', '42P01']) {
      expect({ code, unavailable: isDatabaseUnavailable(pgError(code)) }).toEqual({ code, unavailable: false });
    }
    expect(isDatabaseUnavailable(new TypeError('x is undefined'))).toBe(false);
  });
});
