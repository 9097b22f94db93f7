"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
//# sourceMappingURL=tool-context.js.map