"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
//# sourceMappingURL=session-record.js.map