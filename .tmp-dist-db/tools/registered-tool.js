"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
//# sourceMappingURL=registered-tool.js.map