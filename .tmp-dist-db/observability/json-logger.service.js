"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.JsonLogger = void 0;
const pino_1 = __importDefault(require("pino"));
/**
 * Nest's logger as one JSON line per event (pino). Structured calls
 * (`logger.log({ msg, agentId, … })`) keep their fields; strings become `msg`.
 */
class JsonLogger {
    pino;
    constructor(level, destination) {
        this.pino = (0, pino_1.default)({
            level,
            base: { service: 'switchboard' },
            timestamp: pino_1.default.stdTimeFunctions.isoTime,
            formatters: { level: (label) => ({ level: label }) },
            redact: { paths: ['authorization', 'headers.authorization', 'token', '*.token', 'secret', '*.secret'], censor: '[redacted]' },
        }, destination ?? pino_1.default.destination({ sync: false }));
    }
    setLevel(level) {
        this.pino.level = level;
    }
    log(message, context) {
        this.write('info', message, context);
    }
    error(message, stackOrContext, context) {
        this.write('error', message, context ?? stackOrContext);
    }
    warn(message, context) {
        this.write('warn', message, context);
    }
    debug(message, context) {
        this.write('debug', message, context);
    }
    verbose(message, context) {
        this.write('trace', message, context);
    }
    fatal(message, context) {
        this.write('fatal', message, context);
    }
    flush() {
        this.pino.flush();
    }
    write(level, message, context) {
        if (!this.pino.isLevelEnabled(level))
            return;
        const ctx = typeof context === 'string' ? { context } : {};
        if (message instanceof Error)
            this.pino[level]({ ...ctx, err: { message: message.message, stack: message.stack } }, message.message);
        else if (message && typeof message === 'object')
            this.pino[level]({ ...ctx, ...message });
        else
            this.pino[level](ctx, String(message));
    }
}
exports.JsonLogger = JsonLogger;
//# sourceMappingURL=json-logger.service.js.map