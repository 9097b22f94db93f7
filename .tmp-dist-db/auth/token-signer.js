"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.signDevToken = signDevToken;
exports.parseDuration = parseDuration;
const node_crypto_1 = require("node:crypto");
const jose_1 = require("jose");
/** Signs an HS256 access token in the shape the server verifies (`sub`, `scope`, `aud`, `exp`). */
async function signDevToken(options) {
    let jwt = new jose_1.SignJWT({ scope: options.scopes.join(' ') })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setSubject(options.agentId)
        .setAudience(options.audience)
        .setIssuedAt()
        .setJti((0, node_crypto_1.randomUUID)())
        .setExpirationTime(Math.floor(Date.now() / 1000) + options.ttlSeconds);
    if (options.issuer)
        jwt = jwt.setIssuer(options.issuer);
    return jwt.sign(new TextEncoder().encode(options.secret));
}
/** Parses `90s`, `15m`, `12h`, `7d` or a bare number of seconds. */
function parseDuration(text) {
    const match = /^(\d+)\s*([smhd]?)$/.exec(text.trim());
    if (!match)
        throw new Error(`invalid duration "${text}": use e.g. 90s, 15m, 12h, 7d`);
    const unit = { '': 1, s: 1, m: 60, h: 3600, d: 86400 }[match[2]];
    const seconds = Number(match[1]) * unit;
    if (seconds <= 0)
        throw new Error(`invalid duration "${text}": must be positive`);
    return seconds;
}
//# sourceMappingURL=token-signer.js.map