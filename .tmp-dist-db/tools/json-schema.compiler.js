"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.JsonSchemaCompiler = void 0;
const storage_1 = require("class-transformer/cjs/storage");
const class_validator_1 = require("class-validator");
const class_validator_jsonschema_1 = require("class-validator-jsonschema");
const DEFS_PREFIX = '#/$defs/';
const DIALECT = 'https://json-schema.org/draft/2020-12/schema';
/**
 * Turns `class-validator` classes into JSON Schema 2020-12 once, at boot. Nested
 * classes become `$defs`; every object is closed (`additionalProperties: false`),
 * matching the validator's `forbidNonWhitelisted`.
 */
class JsonSchemaCompiler {
    definitions;
    compile(cls) {
        const options = { refPointerPrefix: DEFS_PREFIX, classTransformerMetadataStorage: storage_1.defaultMetadataStorage };
        this.definitions ??= (0, class_validator_jsonschema_1.validationMetadatasToSchemas)(options);
        const root = closeObjects((0, class_validator_jsonschema_1.targetConstructorToSchema)(cls, options));
        if (root.type !== 'object')
            throw new Error(`${cls.name} does not describe an object`);
        const hasRules = (0, class_validator_1.getMetadataStorage)().getTargetValidationMetadatas(cls, '', true, false).length > 0;
        if (!hasRules)
            throw new Error(`${cls.name} has no class-validator decorators, so nothing could be validated`);
        const defs = {};
        const pending = collectRefs(root);
        while (pending.length > 0) {
            const name = pending.pop();
            if (defs[name])
                continue;
            const def = this.definitions[name];
            if (!def)
                throw new Error(`${cls.name} refers to ${name}, which has no class-validator schema (missing @Type(() => ${name})?)`);
            defs[name] = closeObjects(structuredClone(def));
            pending.push(...collectRefs(defs[name]));
        }
        return Object.keys(defs).length ? { $schema: DIALECT, ...root, $defs: defs } : { $schema: DIALECT, ...root };
    }
}
exports.JsonSchemaCompiler = JsonSchemaCompiler;
function collectRefs(schema, out = []) {
    if (Array.isArray(schema))
        schema.forEach((s) => collectRefs(s, out));
    else if (schema && typeof schema === 'object') {
        for (const [key, value] of Object.entries(schema)) {
            if (key === '$ref' && typeof value === 'string') {
                if (!value.startsWith(DEFS_PREFIX))
                    throw new Error(`unsupported $ref ${value}`);
                out.push(value.slice(DEFS_PREFIX.length));
            }
            else
                collectRefs(value, out);
        }
    }
    return out;
}
function closeObjects(schema) {
    if (schema.type === 'object' && schema.additionalProperties === undefined) {
        schema.additionalProperties = false;
        schema.properties ??= {};
    }
    for (const value of Object.values(schema)) {
        if (Array.isArray(value))
            value.forEach((v) => v && typeof v === 'object' && closeObjects(v));
        else if (value && typeof value === 'object')
            closeObjects(value);
    }
    return schema;
}
//# sourceMappingURL=json-schema.compiler.js.map