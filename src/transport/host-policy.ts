import type { IncomingHttpHeaders } from 'node:http';
import type { AppConfig } from '../config/app-config';

const LOOPBACK = ['localhost', '127.0.0.1', '[::1]', '::1'];
const LOOPBACK_ORIGIN_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * DNS-rebinding protection for `/mcp` (HTTP and the WebSocket upgrade): the `Host` header
 * must name this server and a browser's `Origin`, when present, must be one we trust.
 * Allowed hosts: loopback names, the host of PUBLIC_URL, and ALLOWED_HOSTS (`*` turns the
 * Host check off, e.g. behind an ingress that already pins it).
 *
 * An origin is a scheme, a host and a port, and all three must match (a page on plain `http`,
 * or on another port of the same name, is another site). Allowed origins: ALLOWED_ORIGINS,
 * PUBLIC_URL's own origin, the page's own server (scheme of PUBLIC_URL, host and port of the
 * request's `Host`), and loopback pages on any port (local tools such as the MCP Inspector).
 */
export class HostPolicy {
  private readonly hosts: Set<string> | undefined;
  private readonly origins: Set<string>;
  /** `http:` or `https:`: the scheme this server is reached with, from PUBLIC_URL. */
  private readonly scheme: string;

  constructor(config: AppConfig) {
    const configured = (config.ALLOWED_HOSTS ?? '')
      .split(',')
      .map((h) => h.trim().toLowerCase())
      .filter(Boolean);
    const publicUrl = new URL(config.publicUrl);
    this.hosts = configured.includes('*') ? undefined : new Set([...LOOPBACK, publicUrl.hostname.toLowerCase(), ...configured]);
    this.scheme = publicUrl.protocol;
    const originList = (config.ALLOWED_ORIGINS ?? '')
      .split(',')
      .map((o) => o.trim())
      .filter(Boolean)
      .map((o) => new URL(o).origin);
    this.origins = new Set([...originList, publicUrl.origin]);
  }

  /** Why the request must be refused (403), or undefined when it may proceed. */
  check(headers: IncomingHttpHeaders): string | undefined {
    const host = hostnameOf(headers.host);
    if (this.hosts && (!host || !this.hosts.has(host))) return `Host ${JSON.stringify(headers.host ?? '')} is not allowed`;
    const origin = headers.origin;
    if (origin === undefined) return undefined;
    if (origin === 'null') return 'Origin "null" is not allowed';
    let url: URL;
    try {
      url = new URL(origin);
    } catch {
      return `Origin ${JSON.stringify(origin)} is not a valid origin`;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return `Origin ${JSON.stringify(origin)} is not a valid origin`;
    if (!this.allows(url, headers.host)) return `Origin ${JSON.stringify(origin)} is not allowed`;
    return undefined;
  }

  private allows(origin: URL, hostHeader: string | undefined): boolean {
    if (this.origins.has(origin.origin) || LOOPBACK_ORIGIN_HOSTS.has(origin.hostname)) return true;
    // The page's own server: same scheme as PUBLIC_URL, and the host and port the request was sent to.
    return origin.protocol === this.scheme && hostHeader !== undefined && sameHost(origin, hostHeader);
  }
}

function hostnameOf(host: string | undefined): string | undefined {
  if (!host) return undefined;
  try {
    return new URL(`http://${host}`).hostname.toLowerCase();
  } catch {
    return undefined;
  }
}

/** Whether `Host` names the origin's host and port (a missing port is the scheme's default). */
function sameHost(origin: URL, hostHeader: string): boolean {
  try {
    return new URL(`${origin.protocol}//${hostHeader}`).host === origin.host;
  } catch {
    return false;
  }
}
