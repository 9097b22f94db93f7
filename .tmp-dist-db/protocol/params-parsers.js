"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.sdkSchema = sdkSchema;
exports.dto = dto;
const class_transformer_1 = require("class-transformer");
const class_validator_1 = require("class-validator");
const mcp_error_1 = require("./mcp-error");
const validation_message_1 = require("./validation-message");
/** Params checked by one of the SDK's request schemas (the whole request, so the SDK's rules apply). */
function sdkSchema(schema) {
    return (message) => {
        const result = schema.safeParse({ method: message.method, params: message.params });
        if (!result.success)
            throw invalid((0, validation_message_1.describeZodIssues)(result.error.issues));
        return (result.data.params ?? {});
    };
}
/** Params checked by a class-validator DTO (Switchboard's own methods). */
function dto(cls) {
    return (message) => {
        const raw = message.params ?? {};
        if (typeof raw !== 'object' || Array.isArray(raw))
            throw invalid(['params: must be an object']);
        const { _meta, ...rest } = raw;
        const instance = (0, class_transformer_1.plainToInstance)(cls, rest);
        const errors = (0, class_validator_1.validateSync)(instance, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true });
        if (errors.length)
            throw invalid((0, validation_message_1.describeValidationErrors)(errors, 'params'));
        return instance;
    };
}
function invalid(lines) {
    return mcp_error_1.McpError.invalidParams(`Invalid params: ${lines.join('; ')}`, { issues: lines });
}
//# sourceMappingURL=params-parsers.js.map