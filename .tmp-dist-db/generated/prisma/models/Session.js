"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
//# sourceMappingURL=Session.js.map