/**
 * Result fields that are already JSON (e.g. a `tools/list` array serialized once per scope
 * set), as text or as UTF-8 bytes: a result may carry them under this symbol key, and the
 * serializers splice them in, so large, unchanging payloads are neither re-serialized nor
 * re-encoded on every request.
 */
export const RAW_FIELDS = Symbol('switchboard.rawFields');

export type RawFields = Record<string, string | Buffer>;

type Part = string | Buffer;

/**
 * JSON text of a JSON-RPC message, with any {@link RAW_FIELDS} of its result spliced in.
 * A response (`jsonrpc`, `id`, `result`) gets its envelope written by hand around the result's
 * JSON: V8's JSON.stringify takes a slow path on such a message (a fresh number id next to a
 * nested result), about twice the cost of stringifying the result alone.
 */
export function serializeMessage(message: object): string {
  const parts = messageParts(message);
  return parts.length === 1 ? (parts[0] as string) : parts.map((p) => (typeof p === 'string' ? p : p.toString('utf8'))).join('');
}

/** JSON text of a JSON-RPC batch answer: an array of messages, each serialized as above. */
export function serializeBatch(messages: readonly object[]): string {
  return `[${messages.map(serializeMessage).join(',')}]`;
}

/**
 * The same message ready for a socket: text, or UTF-8 bytes when a raw field is already bytes
 * (one copy of the cached payload instead of building and encoding a large string).
 */
export function encodeMessage(message: object): string | Buffer {
  const encoded = encodeMessageParts(message);
  return typeof encoded === 'string' ? encoded : Buffer.concat(encoded);
}

/**
 * The same, but a message with a raw field that is already bytes stays in pieces (UTF-8 bytes,
 * in order): a transport that can write them one after another sends a large cached payload
 * without copying it into a fresh buffer for every answer.
 */
export function encodeMessageParts(message: object): string | Buffer[] {
  const parts = messageParts(message);
  if (parts.length === 1) return parts[0] as string;
  if (parts.every((p) => typeof p === 'string')) return parts.join('');
  return parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : p));
}

function messageParts(message: object): Part[] {
  const m = message as { jsonrpc?: unknown; id?: unknown; result?: { [RAW_FIELDS]?: RawFields } };
  const result = m.result;
  if (result === undefined || typeof result !== 'object' || result === null) return [JSON.stringify(message)];
  const raw = result[RAW_FIELDS];
  const id = m.id;
  if (m.jsonrpc === '2.0' && (typeof id === 'string' || (typeof id === 'number' && Number.isFinite(id))) && Object.keys(m).length === 3) {
    const head = `{"jsonrpc":"2.0","id":${typeof id === 'number' ? String(id) : JSON.stringify(id)},"result":`;
    if (!raw) return [`${head}${JSON.stringify(result)}}`];
    const parts = resultParts(result, raw);
    parts[0] = `${head}${parts[0] as string}`;
    parts[parts.length - 1] = `${parts[parts.length - 1] as string}}`;
    return parts;
  }
  // Anything else (never sent by the dispatcher): the pre-serialized fields parsed back, the plain way.
  if (!raw) return [JSON.stringify(message)];
  const parsed = Object.fromEntries(Object.entries(raw).map(([key, json]) => [key, JSON.parse(json.toString()) as unknown]));
  // eslint-disable-next-line no-restricted-syntax -- a fallback the dispatcher never takes
  return [JSON.stringify({ ...m, result: { ...parsed, ...result } })];
}

/** The result object's JSON with the raw fields first: strings at both ends, raw values between. */
function resultParts(result: object, raw: RawFields): Part[] {
  const text = JSON.stringify(result);
  const parts: Part[] = [];
  let open = '{';
  for (const [key, json] of Object.entries(raw)) {
    parts.push(`${open}${JSON.stringify(key)}:`, json);
    open = ',';
  }
  parts.push(text === '{}' ? '}' : `,${text.slice(1)}`);
  return parts;
}
