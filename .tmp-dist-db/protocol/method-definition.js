"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
//# sourceMappingURL=method-definition.js.map