"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
//# sourceMappingURL=Customer.js.map