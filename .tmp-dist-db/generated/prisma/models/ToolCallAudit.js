"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
//# sourceMappingURL=ToolCallAudit.js.map