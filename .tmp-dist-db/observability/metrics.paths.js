"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.METRICS_PATH = void 0;
exports.METRICS_PATH = '/metrics';
//# sourceMappingURL=metrics.paths.js.map