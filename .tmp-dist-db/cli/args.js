"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.GLOBAL_OPTIONS = void 0;
exports.parseCommandLine = parseCommandLine;
exports.stringOption = stringOption;
exports.integerOption = integerOption;
exports.jsonObjectOption = jsonObjectOption;
const node_util_1 = require("node:util");
const exit_codes_1 = require("./exit-codes");
/** Options every command understands. */
exports.GLOBAL_OPTIONS = {
    url: { type: 'string', valueName: 'url', description: 'server endpoint (env SWITCHBOARD_URL, default http://127.0.0.1:3000/mcp)' },
    token: { type: 'string', valueName: 'jwt', description: 'bearer token (env SWITCHBOARD_TOKEN)' },
    transport: { type: 'string', valueName: 'http|ws', description: 'transport to use (default http)' },
    session: { type: 'string', valueName: 'id', description: 'resume an existing session (Mcp-Session-Id)' },
    json: { type: 'boolean', description: 'print machine-readable JSON instead of tables' },
    help: { type: 'boolean', short: 'h', description: 'show help' },
};
/** Parses strictly against the given options; anything unknown or malformed is a {@link UsageError}. */
function parseCommandLine(argv, options, strict = true) {
    try {
        const { values, positionals } = (0, node_util_1.parseArgs)({
            args: [...argv],
            options: toParseArgsOptions(options),
            allowPositionals: true,
            strict,
        });
        return { values: values, positionals };
    }
    catch (error) {
        throw new exit_codes_1.UsageError(error.message.replace(/\. To specify a positional argument.*$/s, ''));
    }
}
function toParseArgsOptions(options) {
    const config = {};
    for (const [name, spec] of Object.entries(options)) {
        config[name] = spec.short ? { type: spec.type, short: spec.short } : { type: spec.type };
    }
    return config;
}
function stringOption(values, name) {
    const value = values[name];
    return typeof value === 'string' ? value : undefined;
}
/** A whole number option, e.g. `--limit 20`; absent → undefined. */
function integerOption(values, name, min = 0) {
    const text = stringOption(values, name);
    if (text === undefined)
        return undefined;
    if (!/^-?\d+$/.test(text.trim()))
        throw new exit_codes_1.UsageError(`--${name} must be a whole number, got "${text}"`);
    const value = Number(text);
    if (!Number.isSafeInteger(value) || value < min)
        throw new exit_codes_1.UsageError(`--${name} must be ${min} or more, got ${text}`);
    return value;
}
/** A JSON option such as `--args '{"id":1}'`; must parse to an object. */
function jsonObjectOption(values, name) {
    const text = stringOption(values, name);
    if (text === undefined)
        return undefined;
    let value;
    try {
        value = JSON.parse(text);
    }
    catch (error) {
        throw new exit_codes_1.UsageError(`--${name} is not valid JSON (${error.message}): ${text}`);
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        throw new exit_codes_1.UsageError(`--${name} must be a JSON object, e.g. '{"key":"value"}'`);
    }
    return value;
}
//# sourceMappingURL=args.js.map