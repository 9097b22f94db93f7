import type { LoggerService } from '@nestjs/common';
import pino, { type Logger } from 'pino';
import type { LogLevel } from '../config/app-config';

/**
 * Nest's logger as one JSON line per event (pino). Structured calls
 * (`logger.log({ msg, agentId, … })`) keep their fields; strings become `msg`.
 */
export class JsonLogger implements LoggerService {
  private readonly pino: Logger;

  constructor(level: LogLevel, destination?: pino.DestinationStream) {
    this.pino = pino(
      {
        level,
        base: { service: 'switchboard' },
        timestamp: pino.stdTimeFunctions.isoTime,
        formatters: { level: (label) => ({ level: label }) },
        redact: { paths: ['authorization', 'headers.authorization', 'token', '*.token', 'secret', '*.secret'], censor: '[redacted]' },
      },
      destination ?? pino.destination({ sync: false }),
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

  flush(): void {
    this.pino.flush();
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
