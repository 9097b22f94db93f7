"use strict";
var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
var __metadata = (this && this.__metadata) || function (k, v) {
    if (typeof Reflect === "object" && typeof Reflect.metadata === "function") return Reflect.metadata(k, v);
};
var AuditService_1;
Object.defineProperty(exports, "__esModule", { value: true });
exports.AuditService = void 0;
const common_1 = require("@nestjs/common");
const node_crypto_1 = require("node:crypto");
const audit_repository_1 = require("./audit.repository");
const FLUSH_INTERVAL_MS = 200;
const MAX_BATCH = 500;
const MAX_BUFFER = 50_000;
/**
 * One audit row per tool call, written in small batches off the request path so that
 * auditing costs a call almost nothing. Arguments are stored only as a SHA-256 digest.
 * Pending rows are flushed on shutdown.
 */
let AuditService = AuditService_1 = class AuditService {
    repository;
    logger = new common_1.Logger(AuditService_1.name);
    buffer = [];
    timer;
    flushing;
    constructor(repository) {
        this.repository = repository;
    }
    static digest(args) {
        return (0, node_crypto_1.createHash)('sha256').update(JSON.stringify(args ?? {})).digest('hex');
    }
    record(entry) {
        if (this.buffer.length >= MAX_BUFFER) {
            this.logger.error({ msg: 'audit buffer full; dropping oldest entry', tool: entry.tool });
            this.buffer.shift();
        }
        this.buffer.push({ ...entry, createdAt: new Date() });
        if (this.buffer.length >= MAX_BATCH)
            void this.flush();
        else
            this.timer ??= setTimeout(() => void this.flush(), FLUSH_INTERVAL_MS);
    }
    /** Writes everything buffered so far; resolves when it is in the database. */
    async flush() {
        if (this.timer)
            clearTimeout(this.timer);
        this.timer = undefined;
        await this.flushing;
        while (this.buffer.length > 0) {
            const batch = this.buffer.splice(0, MAX_BATCH);
            this.flushing = this.repository.insertMany(batch).catch((err) => {
                this.logger.error({ msg: 'audit write failed; will retry', rows: batch.length, err: err.message });
                this.buffer.unshift(...batch);
                throw err;
            });
            try {
                await this.flushing;
            }
            catch {
                this.timer ??= setTimeout(() => void this.flush(), FLUSH_INTERVAL_MS * 10);
                return;
            }
            finally {
                this.flushing = undefined;
            }
        }
    }
    async beforeApplicationShutdown() {
        await this.flush();
    }
};
exports.AuditService = AuditService;
exports.AuditService = AuditService = AuditService_1 = __decorate([
    (0, common_1.Injectable)(),
    __metadata("design:paramtypes", [audit_repository_1.AuditRepository])
], AuditService);
//# sourceMappingURL=audit.service.js.map