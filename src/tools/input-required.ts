/**
 * Thrown inside a tool handler of a stateless (2026-07-28) request when it asks the client
 * for input that the request did not bring: the call ends with an `input_required` result
 * carrying the request, and the client retries with `inputResponses` (multi round-trip
 * requests). Handlers run again from the start on the retry, so do side effects after asking.
 */
export class InputRequired extends Error {
  constructor(readonly inputRequests: Record<string, { method: string; params: unknown }>) {
    super('input required');
  }
}
