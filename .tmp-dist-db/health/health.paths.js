"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.HEALTH_PATHS = void 0;
exports.HEALTH_PATHS = { live: '/health/live', ready: '/health/ready', startup: '/health/startup' };
//# sourceMappingURL=health.paths.js.map