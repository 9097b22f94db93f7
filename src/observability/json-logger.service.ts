import type { LoggerService } from '@nestjs/common';
import pino, { type Logger } from 'pino';
import type { LogLevel } from '../config/app-config';

/**
 * Nest's logger as one JSON line per event (pino). Structured calls
 * (`logger.log({ msg, agentId, … })`) keep their fields; strings become `msg`.
 */
export class JsonLogger implements LoggerService {
  private readonly pino: Logger;

  private readonly destination: pino.DestinationStream;

  constructor(level: LogLevel, destination?: pino.DestinationStream) {
    this.pino = pino(
      {
        level,
        base: { service: 'switchboard' },
        timestamp: pino.stdTimeFunctions.isoTime,
        formatters: { level: (label) => ({ level: label }) },
        redact: { paths: ['authorization', 'headers.authorization', 'token', '*.token', 'secret', '*.secret'], censor: '[redacted]' },
      },
      (this.destination = destination ?? pino.destination({ sync: false })),
    );
  }

  get level(): LogLevel {
    return this.pino.level as LogLevel;
  }

  /** Whether `log()` (pino's info) lines are written: lets hot paths skip building them. */
  get infoEnabled(): boolean {
    return this.pino.isLevelEnabled('info');
  }

  setLevel(level: LogLevel): void {
    this.pino.level = level;
  }

  log(message: unknown, context?: string): void {
    this.write('info', message, context);
  }
  error(message: unknown, stackOrContext?: string, context?: string): void {
    this.write('error', message, context ?? stackOrContext);
  }
  warn(message: unknown, context?: string): void {
    this.write('warn', message, context);
  }
  debug(message: unknown, context?: string): void {
    this.write('debug', message, context);
  }
  verbose(message: unknown, context?: string): void {
    this.write('trace', message, context);
  }
  fatal(message: unknown, context?: string): void {
    this.write('fatal', message, context);
  }

  /**
   * Writes out, synchronously, the lines still buffered by the asynchronous destination (pino's
   * advice for exiting), then waits for a write already in flight: at exit, lines such as
   * spilled audit rows must not be lost in the buffer. Resolves after `timeoutMs` at the latest.
   */
  flush(timeoutMs = 2_000): Promise<void> {
    const destination = this.destination as {
      flushSync?: () => void;
      once?: (event: string, listener: () => void) => void;
      _writing?: boolean;
    };
    try {
      destination.flushSync?.();
    } catch {
      // Not open yet, or already closed: nothing buffered that could still be written.
    }
    if (!destination._writing || !destination.once) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      timer.unref();
      destination.once!('drain', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  private write(level: pino.Level, message: unknown, context?: string): void {
    if (!this.pino.isLevelEnabled(level)) return;
    // Fixed keys come before any spread: an object literal that starts with a spread and then adds
    // keys gets a hidden class of its own on every call in V8 11 (Node 20), see request-envelope.ts.
    const named = typeof context === 'string';
    if (message instanceof Error) {
      const err = { message: message.message, stack: message.stack };
      this.pino[level](named ? { context, err } : { err }, message.message);
    } else if (message && typeof message === 'object') this.pino[level](named ? { context, ...(message as object) } : message);
    else this.pino[level](named ? { context } : {}, String(message));
  }
}
