"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.KNOWN_BASE_SCOPES = exports.SESSIONS_ADMIN = exports.CONTEXT_WRITE = exports.CONTEXT_READ = void 0;
/** Scopes the server itself defines; tools, resources and prompts add their own. */
exports.CONTEXT_READ = 'context:read';
exports.CONTEXT_WRITE = 'context:write';
exports.SESSIONS_ADMIN = 'sessions:admin';
exports.KNOWN_BASE_SCOPES = [exports.CONTEXT_READ, exports.CONTEXT_WRITE, exports.SESSIONS_ADMIN];
//# sourceMappingURL=scopes.js.map