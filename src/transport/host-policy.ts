import type { IncomingHttpHeaders } from 'node:http';
import type { AppConfig } from '../config/app-config';

const LOOPBACK = ['localhost', '127.0.0.1', '[::1]', '::1'];

/**
 * DNS-rebinding protection for `/mcp` (HTTP and the WebSocket upgrade): the `Host` header
 * must name this server and a browser's `Origin`, when present, must be one we trust.
 * Allowed hosts: loopback names, the host of PUBLIC_URL, and ALLOWED_HOSTS (`*` turns the
 * Host check off, e.g. behind an ingress that already pins it). Allowed origins: those of
 * the allowed hosts, plus ALLOWED_ORIGINS.
 */
export class HostPolicy {
  private readonly hosts: Set<string> | undefined;
  private readonly origins: Set<string>;

  constructor(config: AppConfig) {
    const configured = (config.ALLOWED_HOSTS ?? '')
      .split(',')
      .map((h) => h.trim().toLowerCase())
      .filter(Boolean);
    const publicHost = new URL(config.publicUrl).hostname.toLowerCase();
    this.hosts = configured.includes('*') ? undefined : new Set([...LOOPBACK, publicHost, ...configured]);
    const originList = (config.ALLOWED_ORIGINS ?? '')
      .split(',')
      .map((o) => o.trim().toLowerCase())
      .filter(Boolean);
    this.origins = new Set(originList);
  }

  /** Why the request must be refused (403), or undefined when it may proceed. */
  check(headers: IncomingHttpHeaders): string | undefined {
    const host = hostnameOf(headers.host);
    if (this.hosts && (!host || !this.hosts.has(host))) return `Host ${JSON.stringify(headers.host ?? '')} is not allowed`;
    const origin = headers.origin;
    if (origin !== undefined && origin !== 'null') {
      let originHost: string;
      try {
        originHost = new URL(origin).hostname.toLowerCase();
      } catch {
        return `Origin ${JSON.stringify(origin)} is not a valid origin`;
      }
      const allowed =
        this.origins.has(origin.toLowerCase()) ||
        (this.hosts ? this.hosts.has(originHost) || this.hosts.has(`[${originHost}]`) : originHost === host);
      if (!allowed) return `Origin ${JSON.stringify(origin)} is not allowed`;
    } else if (origin === 'null') {
      return 'Origin "null" is not allowed';
    }
    return undefined;
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
