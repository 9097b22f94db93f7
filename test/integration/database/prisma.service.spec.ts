import { randomUUID } from 'node:crypto';
import { PrismaService } from '../../../src/database/prisma.service';
import { testDatabaseUrl } from '../../support/database';

describe('PrismaService (Rust-free client over pg)', () => {
  const prisma = new PrismaService(testDatabaseUrl(), 2);
  beforeAll(() => prisma.onModuleInit());
  afterAll(() => prisma.onApplicationShutdown());

  it('writes a context and reads it back', async () => {
    const id = randomUUID();
    await prisma.context.create({ data: { id, agentId: 'agent-prisma-spec', state: { greeting: 'hello', n: 1 } } });

    const row = await prisma.context.findUnique({ where: { id } });
    expect(row).toMatchObject({ id, agentId: 'agent-prisma-spec', version: 0n, state: { greeting: 'hello', n: 1 } });
    expect(row?.createdAt).toBeInstanceOf(Date);
  });

  it('runs jsonb_merge_patch through a raw query', async () => {
    const id = randomUUID();
    await prisma.context.create({ data: { id, agentId: 'agent-prisma-spec', state: { a: { b: 1, c: 2 } } } });
    await prisma.$executeRaw`UPDATE contexts SET state = jsonb_merge_patch(state, ${JSON.stringify({ a: { b: null } })}::jsonb), version = version + 1 WHERE id = ${id}::uuid`;

    await expect(prisma.context.findUnique({ where: { id } })).resolves.toMatchObject({ version: 1n, state: { a: { c: 2 } } });
  });
});
