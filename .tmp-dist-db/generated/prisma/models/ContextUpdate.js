"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
//# sourceMappingURL=ContextUpdate.js.map