/** The analytics guard refused a query; the message says why, in words an agent can act on. */
export class QueryRejectedError extends Error {}
