import { McpError } from './mcp-error';

export const PAGE_SIZE = 100;

/** Offset pagination with an opaque cursor, for lists built once at boot (stable order). */
export function paginate<T>(items: readonly T[], cursor: string | undefined, pageSize = PAGE_SIZE): { page: T[]; nextCursor?: string } {
  let offset = 0;
  if (cursor !== undefined) {
    const match = /^o:(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString());
    if (!match) throw McpError.invalidParams('Invalid params: cursor is not one this server issued');
    offset = Number(match[1]);
  }
  const page = items.slice(offset, offset + pageSize);
  const next = offset + pageSize;
  return next < items.length ? { page, nextCursor: Buffer.from(`o:${next}`).toString('base64url') } : { page };
}
