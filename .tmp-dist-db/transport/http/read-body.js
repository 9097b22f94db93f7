"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.BodyTooLargeError = void 0;
exports.readBody = readBody;
class BodyTooLargeError extends Error {
}
exports.BodyTooLargeError = BodyTooLargeError;
/** Reads a request body as UTF-8, refusing (before buffering it all) anything over `limit` bytes. */
function readBody(req, limit) {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
        req.resume();
        return Promise.reject(new BodyTooLargeError(`body of ${declared} bytes exceeds the ${limit}-byte limit`));
    }
    return new Promise((resolve, reject) => {
        const chunks = [];
        let size = 0;
        req.on('data', (chunk) => {
            size += chunk.length;
            if (size > limit) {
                req.removeAllListeners('data');
                req.resume();
                reject(new BodyTooLargeError(`body exceeds the ${limit}-byte limit`));
                return;
            }
            chunks.push(chunk);
        });
        req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
        req.on('error', reject);
    });
}
//# sourceMappingURL=read-body.js.map