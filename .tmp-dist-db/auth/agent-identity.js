"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.hasScopes = hasScopes;
function hasScopes(identity, required) {
    for (const scope of required)
        if (!identity.scopes.has(scope))
            return false;
    return true;
}
//# sourceMappingURL=agent-identity.js.map