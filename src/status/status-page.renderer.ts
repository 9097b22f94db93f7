import { html, type RawHtml } from './html';
import type { StatusEntry, StatusSnapshot, StatusTool } from './status-snapshot';

/** The whole status page as one HTML string: no script, no external asset. */
export function renderStatusPage(s: StatusSnapshot): string {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${s.server.name} ${s.server.version} · status</title>
        <style>
          ${STYLE}
        </style>
      </head>
      <body>
        <header>
          <h1>${s.server.name} <span class="version">v${s.server.version}</span></h1>
          <nav>
            <a href="${s.links.metrics}">metrics</a>
            <a href="${s.links.ready}">readiness</a>
            <a href="${s.links.protectedResource}">OAuth protected resource</a>
            <a href="/status.json">status.json</a>
          </nav>
        </header>
        <main>
          <section class="cards">
            <div class="card">
              <div class="label">WebSocket connections</div>
              <div class="value" id="ws-connections">${s.connections.webSockets}</div>
            </div>
            <div class="card">
              <div class="label">Sessions with open channels</div>
              <div class="value" id="open-sessions">${s.connections.sessionsWithOpenChannels}</div>
            </div>
            <div class="card">
              <div class="label">Session revisions</div>
              <div class="revs" id="session-revisions">${s.protocol.sessionRevisions.map((v) => html`<code>${v}</code> `)}</div>
            </div>
            <div class="card">
              <div class="label">Stateless revisions</div>
              <div class="revs" id="stateless-revisions">${s.protocol.statelessRevisions.map((v) => html`<code>${v}</code> `)}</div>
            </div>
          </section>
          <section id="tools">
            <h2>Tools <span class="count">${s.tools.length}</span></h2>
            ${s.tools.length ? s.tools.map(renderTool) : html`<p class="empty">No tools registered.</p>`}
          </section>
          ${renderEntries('Resources', 'resources', s.resources, (e) => e.uri)}
          ${renderEntries('Resource templates', 'resource-templates', s.resourceTemplates, (e) => e.uriTemplate)}
          ${renderEntries('Prompts', 'prompts', s.prompts, (e) => (e.arguments ?? []).map((a) => a.name + (a.required ? '' : '?')).join(', '))}
        </main>
        <footer>Rendered ${s.generatedAt} by this replica; counts are for this replica only. Reload to refresh.</footer>
      </body>
    </html> `.value;
}

function renderTool(tool: StatusTool): RawHtml {
  const hints = Object.entries(tool.annotations ?? {})
    .filter(([, v]) => v === true)
    .map(([k]) => k);
  return html`<article class="tool" data-tool="${tool.name}">
    <h3><code>${tool.name}</code>${tool.title ? html` <span class="title">${tool.title}</span>` : ''}</h3>
    <p>${tool.description}</p>
    <p class="scopes">
      ${tool.scopes.length ? tool.scopes.map((scope) => html`<span class="scope">${scope}</span>`) : html`<span class="none">no scope required</span>`}
      ${hints.map((h) => html`<span class="hint">${h}</span>`)}
    </p>
    <details class="schema">
      <summary>Input schema</summary>
      <pre>${JSON.stringify(tool.inputSchema, null, 2)}</pre>
    </details>
    ${
      tool.outputSchema
        ? html`<details class="schema">
            <summary>Output schema</summary>
            <pre>${JSON.stringify(tool.outputSchema, null, 2)}</pre>
          </details>`
        : ''
    }
  </article>`;
}

function renderEntries(title: string, id: string, entries: StatusEntry[], detail: (e: StatusEntry) => string | undefined): RawHtml {
  return html`<section id="${id}">
    <h2>${title} <span class="count">${entries.length}</span></h2>
    ${
      entries.length
        ? html`<table>
            <tbody>
              ${entries.map(
                (e) =>
                  html`<tr>
                    <td><code>${e.name}</code></td>
                    <td><code>${detail(e)}</code></td>
                    <td>${e.description ?? e.title}</td>
                  </tr>`,
              )}
            </tbody>
          </table>`
        : html`<p class="empty">None.</p>`
    }
  </section>`;
}

const STYLE = `
:root { color-scheme: light dark; --fg: #1d2330; --muted: #5d6678; --bg: #f6f7f9; --card: #fff; --line: #dde1e8; --accent: #2456d6; }
@media (prefers-color-scheme: dark) { :root { --fg: #e5e8ee; --muted: #9aa3b5; --bg: #14171d; --card: #1d2129; --line: #2e3440; --accent: #7ea2ff; } }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, sans-serif; color: var(--fg); background: var(--bg); }
header { display: flex; flex-wrap: wrap; align-items: baseline; justify-content: space-between; gap: 1rem; padding: 1rem 2rem; border-bottom: 1px solid var(--line); background: var(--card); }
h1 { margin: 0; font-size: 1.4rem; } .version { color: var(--muted); font-weight: 400; }
nav a { margin-left: 1rem; color: var(--accent); }
main { padding: 1rem 2rem; max-width: 1100px; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(200px, 1fr)); gap: .75rem; }
.card, .tool { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: .75rem 1rem; }
.label { color: var(--muted); font-size: .85rem; } .value { font-size: 1.8rem; font-weight: 600; }
.count { color: var(--muted); font-weight: 400; font-size: .9rem; }
.tool { margin: .75rem 0; } .tool h3 { margin: 0; font-size: 1rem; } .tool p { margin: .3rem 0; }
.title { color: var(--muted); font-weight: 400; }
.scope, .hint { display: inline-block; margin-right: .4rem; padding: 0 .5rem; border-radius: 999px; font-size: .8rem; }
.scope { background: #e3ecff; color: #1c3d8f; } .hint { background: #e6f4ea; color: #1e6b35; } .none { color: var(--muted); font-size: .85rem; }
summary { cursor: pointer; color: var(--accent); font-size: .9rem; }
pre { overflow: auto; max-height: 24rem; padding: .5rem; background: var(--bg); border-radius: 6px; font-size: .8rem; }
table { width: 100%; border-collapse: collapse; background: var(--card); }
td { border-bottom: 1px solid var(--line); padding: .35rem .5rem; vertical-align: top; }
.empty, footer { color: var(--muted); } footer { padding: 1rem 2rem; font-size: .85rem; }
`;
