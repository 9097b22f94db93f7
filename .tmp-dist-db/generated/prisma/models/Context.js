"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
//# sourceMappingURL=Context.js.map