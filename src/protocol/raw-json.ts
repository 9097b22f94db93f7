/**
 * Result fields that are already JSON text (e.g. a `tools/list` array serialized once per
 * scope set): a result may carry them under this symbol key; `serializeMessage` splices them
 * in, so large, unchanging payloads are not re-serialized on every request.
 */
export const RAW_FIELDS = Symbol('switchboard.rawFields');

export type RawFields = Record<string, string>;

/**
 * JSON text of a JSON-RPC message, with any {@link RAW_FIELDS} of its result spliced in.
 * A response (`jsonrpc`, `id`, `result`) gets its envelope written by hand around the result's
 * JSON: V8's JSON.stringify takes a slow path on such a message (a fresh number id next to a
 * nested result), about twice the cost of stringifying the result alone.
 */
export function serializeMessage(message: object): string {
  const m = message as { jsonrpc?: unknown; id?: unknown; result?: { [RAW_FIELDS]?: RawFields } };
  const result = m.result;
  if (result === undefined || typeof result !== 'object' || result === null) return JSON.stringify(message);
  const raw = result[RAW_FIELDS];
  const id = m.id;
  if (m.jsonrpc === '2.0' && (typeof id === 'string' || (typeof id === 'number' && Number.isFinite(id))) && Object.keys(m).length === 3) {
    const body = raw ? splice(JSON.stringify(result), raw) : JSON.stringify(result);
    return `{"jsonrpc":"2.0","id":${typeof id === 'number' ? String(id) : JSON.stringify(id)},"result":${body}}`;
  }
  // Anything else (never sent by the dispatcher): the pre-serialized fields parsed back, the plain way.
  if (!raw) return JSON.stringify(message);
  const parsed = Object.fromEntries(Object.entries(raw).map(([key, json]) => [key, JSON.parse(json) as unknown]));
  return JSON.stringify({ ...m, result: { ...parsed, ...result } });
}

/** Splices pre-serialized fields into the JSON text of an object. */
function splice(text: string, raw: RawFields): string {
  const fields = Object.entries(raw)
    .map(([key, json]) => `${JSON.stringify(key)}:${json}`)
    .join(',');
  return `{${fields}${text === '{}' ? '' : ','}${text.slice(1)}`;
}
