import { Controller, Delete, Get, Post, Req, Res, UseGuards } from '@nestjs/common';
import type { JSONRPCMessage } from '@modelcontextprotocol/server';
import type { Response } from 'express';
import type { ServerResponse } from 'node:http';
import { AppConfig } from '../../config/app-config';
import type { McpSession } from '../../context/mcp-session';
import { SessionService } from '../../context/session.service';
import { isDatabaseUnavailable } from '../../database/database-errors';
import { errorResponse, parseFrame, requestIdOf } from '../../protocol/json-rpc-frame';
import { McpDispatcher } from '../../protocol/mcp-dispatcher.service';
import { ErrorCode } from '../../protocol/mcp-error';
import { isModernVersion, isSupportedVersion } from '../../protocol/protocol-versions';
import { correlationHeader, headerMismatch, headerValue, metaVersionOf } from './mcp-request-headers';
import { type AuthenticatedRequest, BearerAuthGuard } from './bearer-auth.guard';
import { HostGuard } from './host.guard';
import { HttpConnection, PRIMING_SINCE, sseHeaders } from './http-connection';
import { SseStreamConnection } from './sse-stream-connection';
import { SessionChannels } from '../../events/session-channels.service';
import { StreamEventStore } from '../../streams/stream-event-store.service';
import { BodyTooLargeError, readBody } from './read-body';
import { reject, send, statusFor, streamNotFound, unavailable } from './http-replies';
import { traceHeadersOf } from '../../observability/tracing/trace-context';

/**
 * MCP Streamable HTTP at `/mcp` (2025 era): POST carries one JSON-RPC message and gets
 * a JSON answer (or an SSE stream when the server has messages for the client before
 * the answer); GET opens the session's standalone stream; sessions are named by `Mcp-Session-Id` and looked up in PostgreSQL,
 * so any replica can serve them; DELETE ends a session.
 */
@Controller('mcp')
@UseGuards(HostGuard, BearerAuthGuard)
export class McpHttpController {
  constructor(
    private readonly dispatcher: McpDispatcher,
    private readonly sessions: SessionService,
    private readonly config: AppConfig,
    private readonly channels: SessionChannels,
    private readonly streams: StreamEventStore,
  ) {}

  /** Open `GET /mcp` streams, ended by a drain. */
  private readonly openStreams = new Set<ServerResponse>();
  private streamsEnded = false;

  @Post()
  /** Served by {@link McpHttpFastLane} ahead of Express; this route stays for anything that reaches Express. */
  async post(@Req() req: AuthenticatedRequest, @Res() res: ServerResponse): Promise<void> {
    const correlationId = correlationHeader(req);
    if (correlationId) res.setHeader('X-Correlation-Id', correlationId);
    if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) {
      return reject(res, 415, ErrorCode.InvalidRequest, 'Unsupported Media Type: Content-Type must be application/json');
    }
    const accept = req.headers.accept ?? '';
    if (accept && !/application\/json|\*\/\*|application\/\*/i.test(accept)) {
      return reject(res, 406, ErrorCode.InvalidRequest, 'Not Acceptable: Accept must include application/json');
    }
    let body: string;
    try {
      body = await readBody(req, this.config.MAX_MESSAGE_BYTES);
    } catch (err) {
      if (err instanceof BodyTooLargeError) {
        // The rest of the body is not worth reading: the connection closes after the answer.
        res.setHeader('Connection', 'close');
        return reject(res, 413, ErrorCode.InvalidRequest, `Payload Too Large: ${err.message}`);
      }
      throw err;
    }
    const parsed = parseFrame(body);
    if (!parsed.ok) return send(res, 400, parsed.error);

    const connection = new HttpConnection(req.identity, res, /text\/event-stream/i.test(accept), correlationId, this.streams);
    connection.traceHeaders = traceHeadersOf(req.headers);
    const message = parsed.message as Partial<JSONRPCMessage> & { method?: unknown };
    const sessionId = headerValue(req, 'mcp-session-id');
    res.on('close', () => {
      if (res.writableFinished) return;
      // A lost 2025 stream is not a cancellation (the client resumes it); anything else is.
      if (connection.resumable) connection.detach();
      else connection.abortAll('client went away');
    });
    const headerVersion = headerValue(req, 'mcp-protocol-version');
    const metaVersion = metaVersionOf(message);
    if (!sessionId && (metaVersion !== undefined || (headerVersion !== undefined && isModernVersion(headerVersion)))) {
      return this.stateless(req, connection, message, headerVersion, metaVersion);
    }
    const isInitialize = message?.method === 'initialize';
    if (isInitialize && sessionId) {
      return reject(res, 400, ErrorCode.InvalidRequest, 'Bad Request: initialize must not carry Mcp-Session-Id');
    }
    if (!isInitialize) {
      const version = headerValue(req, 'mcp-protocol-version');
      if (version && !isSupportedVersion(version)) {
        return reject(res, 400, ErrorCode.InvalidRequest, `Bad Request: unsupported MCP-Protocol-Version ${version}`);
      }
      if (!sessionId) return reject(res, 400, ErrorCode.InvalidRequest, 'Bad Request: Mcp-Session-Id header is required');
      const resumed = await this.findSession(res, sessionId, req.identity.agentId);
      if (resumed === UNAVAILABLE) return;
      connection.session = resumed ?? undefined;
      if (!connection.session) return reject(res, 404, ErrorCode.InvalidRequest, 'Session not found: initialize a new session');
      res.setHeader('Mcp-Session-Id', connection.session.id);
    }

    if (Array.isArray(parsed.message)) return this.batch(parsed.message, connection);
    const response = await this.dispatcher.dispatch(parsed.message, connection);
    if (connection.session && !res.headersSent) res.setHeader('Mcp-Session-Id', connection.session.id);
    if (!response) {
      if (connection.refusedNotification) return this.refuse(connection, res);
      res.statusCode = 202;
      res.end();
      return;
    }
    connection.finish(statusFor(this.config, response, res, 200), response);
  }

  /**
   * A JSON-RPC batch in a 2025-03-26 session: the answers to its requests in one JSON array (or
   * an SSE stream); 202 when it held only notifications and responses, or the error status of a
   * notification that was not accepted; 400 for a batch that cannot be taken at all.
   */
  private async batch(batch: unknown[], connection: HttpConnection): Promise<void> {
    const answer = await this.dispatcher.dispatchBatch(batch, connection);
    if (Array.isArray(answer)) return connection.finishBatch(answer);
    if (answer) return connection.finish(400, answer);
    if (connection.refusedNotification) return this.refuse(connection, connection.response);
    connection.finish(202, undefined);
  }

  /**
   * A 2026-07-28 request: no session; version, identity and capabilities in `_meta`,
   * mirrored in headers that must match the body (`-32020` otherwise, so intermediaries
   * routing on headers cannot be fooled).
   */
  private async stateless(
    req: AuthenticatedRequest,
    connection: HttpConnection,
    message: { method?: unknown; params?: unknown },
    headerVersion: string | undefined,
    metaVersion: string | undefined,
  ): Promise<void> {
    if (Array.isArray(message)) return this.batch(message, connection); // refused: batches need a 2025-03-26 session
    const mismatch = headerMismatch(req, message, headerVersion, metaVersion);
    if (mismatch)
      return connection.finish(400, errorResponse(requestIdOf(message), ErrorCode.HeaderMismatch, `Header mismatch: ${mismatch}`));
    const response = await this.dispatcher.dispatch(message, connection);
    if (!response) return connection.refusedNotification ? this.refuse(connection, connection.response) : connection.finish(202, undefined);
    const code = 'error' in response ? response.error.code : undefined;
    const fallback = code === ErrorCode.UnsupportedProtocolVersion ? 400 : code === ErrorCode.MethodNotFound ? 404 : 200;
    connection.finish(statusFor(this.config, response, connection.response, fallback), response);
  }

  /**
   * A notification that was not accepted (over the rate limit, invalid, or failed): an HTTP error
   * status, never 202, with the JSON-RPC error (no id) as the body, as the transport spec asks.
   */
  private refuse(connection: HttpConnection, res: ServerResponse): void {
    const error = connection.refusedNotification!;
    const body = errorResponse(null, error.code, error.message, error.data);
    connection.finish(statusFor(this.config, body, res, error.code === ErrorCode.InternalError ? 500 : 400), body);
  }

  /**
   * Ends every open `GET /mcp` stream (standalone and resumed ones) and refuses new ones: a drain
   * must not wait for streams that only end when their clients leave. Clients open them again
   * on another replica (a resumed stream picks up from its last event there).
   */
  endStreams(): void {
    this.streamsEnded = true;
    for (const res of this.openStreams) res.end();
    this.openStreams.clear();
  }

  private track(res: ServerResponse): void {
    this.openStreams.add(res);
    res.on('close', () => this.openStreams.delete(res));
  }

  /** The session, null when there is none, or UNAVAILABLE once a 503 is sent because the database cannot be reached. */
  private async findSession(res: ServerResponse, sessionId: string, agentId: string): Promise<McpSession | null | typeof UNAVAILABLE> {
    try {
      return await this.sessions.resume(sessionId, agentId);
    } catch (err) {
      if (!isDatabaseUnavailable(err)) throw err;
      unavailable(res, 'the session store cannot be reached; retry');
      return UNAVAILABLE;
    }
  }

  /**
   * The standalone stream: session-level messages (resource updates, list changes, requests not
   * tied to a request) as SSE, every event stored; with the `Last-Event-ID` of one, what that
   * stream stored after the id comes first, then it carries on as a new standalone stream.
   * `Last-Event-ID` of a POST stream resumes that stream instead.
   */
  @Get()
  async get(@Req() req: AuthenticatedRequest, @Res() res: Response): Promise<void> {
    if (!/text\/event-stream/i.test(req.headers.accept ?? '')) {
      return reject(res, 406, ErrorCode.InvalidRequest, 'Not Acceptable: GET /mcp needs Accept: text/event-stream');
    }
    const sessionId = headerValue(req, 'mcp-session-id');
    if (!sessionId) return reject(res, 400, ErrorCode.InvalidRequest, 'Bad Request: Mcp-Session-Id header is required');
    const session = await this.findSession(res, sessionId, req.identity.agentId);
    if (session === UNAVAILABLE) return;
    if (!session) return reject(res, 404, ErrorCode.InvalidRequest, 'Session not found: initialize a new session');
    if (this.streamsEnded) return unavailable(res, 'this server is shutting down; retry (another replica will answer)');
    res.setHeader('Mcp-Session-Id', session.id);
    const lastEventId = headerValue(req, 'last-event-id');
    const position = lastEventId ? this.streams.parseEventId(lastEventId) : undefined;
    if (lastEventId && !position?.standalone) return this.resume(res, session.id, position);
    if (position && !(await this.streams.exists(session.id, position.streamId))) return streamNotFound(res);
    res.writeHead(200, sseHeaders(res));
    res.flushHeaders();
    this.track(res);
    const stream = new SseStreamConnection(req.identity, res, this.streams.openStandalone(session.id));
    stream.session = session;
    // Registered before the replay is read, so that nothing sent meanwhile is lost: it is held and
    // written after the replay (a message the old connection also stored may then come twice).
    this.channels.open(session.id, stream);
    res.on('close', () => this.channels.close(session.id, stream));
    const priming = session.protocolVersion >= PRIMING_SINCE;
    if (!position) return stream.start(priming);
    try {
      stream.start(priming, await this.streams.missed(session.id, position.streamId, position.seq));
    } catch {
      // Without its replay the stream would skip what the client missed: cut it, the client comes back with the same id.
      res.destroy();
    }
  }

  /** Replays a lost POST stream after `Last-Event-ID` and follows it to its answer. */
  private async resume(res: Response, sessionId: string, position: { streamId: string; seq: number } | undefined): Promise<void> {
    if (!position || !(await this.streams.exists(sessionId, position.streamId))) return streamNotFound(res);
    res.writeHead(200, sseHeaders(res));
    res.flushHeaders();
    this.track(res);
    let closed = false;
    res.on('close', () => (closed = true));
    await this.streams.follow(
      sessionId,
      position.streamId,
      position.seq,
      (event) =>
        res.write(`id: ${this.streams.eventId(position.streamId, event.seq)}
event: message
data: ${JSON.stringify(event.message)}

`),
      () => closed,
    );
    if (!res.writableEnded) res.end();
  }

  @Delete()
  async delete(@Req() req: AuthenticatedRequest, @Res() res: ServerResponse): Promise<void> {
    const sessionId = headerValue(req, 'mcp-session-id');
    if (!sessionId) return reject(res, 400, ErrorCode.InvalidRequest, 'Bad Request: Mcp-Session-Id header is required');
    const session = await this.findSession(res, sessionId, req.identity.agentId);
    if (session === UNAVAILABLE) return;
    if (!session) return reject(res, 404, ErrorCode.InvalidRequest, 'Session not found');
    await this.sessions.close(session.id);
    res.statusCode = 204;
    res.end();
  }
}

const UNAVAILABLE = Symbol('unavailable');
