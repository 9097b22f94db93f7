/**
 * Result fields that are already JSON text (e.g. a `tools/list` array serialized once per
 * scope set): a result may carry them under this symbol key; `serializeMessage` splices them
 * in, so large, unchanging payloads are not re-serialized on every request.
 */
export const RAW_FIELDS = Symbol('switchboard.rawFields');

export type RawFields = Record<string, string>;

/** JSON text of a JSON-RPC message, with any {@link RAW_FIELDS} of its result spliced in. */
export function serializeMessage(message: object): string {
  const text = JSON.stringify(message);
  const raw = (message as { result?: { [RAW_FIELDS]?: RawFields } }).result?.[RAW_FIELDS];
  if (!raw) return text;
  // Inside JSON strings every quote is escaped, so the first `"result":{` is the result object.
  const at = text.indexOf('"result":{') + '"result":{'.length;
  const fields = Object.entries(raw)
    .map(([key, json]) => `${JSON.stringify(key)}:${json}`)
    .join(',');
  return `${text.slice(0, at)}${fields}${text[at] === '}' ? '' : ','}${text.slice(at)}`;
}
