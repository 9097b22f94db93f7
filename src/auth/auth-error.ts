/** A bearer token was missing or failed verification; `reason` is safe to show the client. */
export class AuthError extends Error {
  constructor(
    readonly reason: string,
    readonly oauthError: 'invalid_token' | 'invalid_request' = 'invalid_token',
  ) {
    super(reason);
  }
}
