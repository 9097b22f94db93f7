"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
//# sourceMappingURL=Ticket.js.map