"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
//# sourceMappingURL=mcp-session.js.map