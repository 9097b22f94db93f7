/** Who is calling: the verified token's subject and scopes. */
export interface AgentIdentity {
  /** The token's `sub`. */
  readonly agentId: string;
  readonly scopes: ReadonlySet<string>;
  /** The token's `exp`, in seconds since the epoch. */
  readonly expiresAt: number;
}

export function hasScopes(identity: AgentIdentity, required: readonly string[]): boolean {
  for (const scope of required) if (!identity.scopes.has(scope)) return false;
  return true;
}
