import type { Type } from '@nestjs/common';
import { defaultMetadataStorage } from 'class-transformer/cjs/storage';
import { getMetadataStorage } from 'class-validator';
import { targetConstructorToSchema, validationMetadatasToSchemas } from 'class-validator-jsonschema';

export type JsonSchema = Record<string, unknown>;

const DEFS_PREFIX = '#/$defs/';
const DIALECT = 'https://json-schema.org/draft/2020-12/schema';

/**
 * Turns `class-validator` classes into JSON Schema 2020-12 once, at boot. Nested
 * classes become `$defs`; every object is closed (`additionalProperties: false`),
 * matching the validator's `forbidNonWhitelisted`.
 */
export class JsonSchemaCompiler {
  private definitions?: Record<string, JsonSchema>;

  compile(cls: Type<object>): JsonSchema {
    const options = { refPointerPrefix: DEFS_PREFIX, classTransformerMetadataStorage: defaultMetadataStorage };
    this.definitions ??= validationMetadatasToSchemas(options) as Record<string, JsonSchema>;
    checkClass(cls, new Set());
    const root = closeObjects(targetConstructorToSchema(cls, options) as JsonSchema);
    if (root.type !== 'object') throw new Error(`${cls.name} does not describe an object`);
    const defs: Record<string, JsonSchema> = {};
    const pending = collectRefs(root);
    while (pending.length > 0) {
      const name = pending.pop()!;
      if (defs[name]) continue;
      const def = this.definitions[name];
      if (!def) throw new Error(`${cls.name} refers to ${name}, which has no class-validator schema (missing @Type(() => ${name})?)`);
      defs[name] = closeObjects(structuredClone(def));
      pending.push(...collectRefs(defs[name]));
    }
    return Object.keys(defs).length ? { $schema: DIALECT, ...root, $defs: defs } : { $schema: DIALECT, ...root };
  }
}

/**
 * What the schema builder would get wrong silently: a class with no rules, a nested
 * property without `@Type` (validation would then see a plain object), and two classes
 * sharing a name (their `$defs` would merge).
 */
function checkClass(cls: Type<object>, seen: Set<Type<object>>): void {
  if (seen.has(cls)) return;
  seen.add(cls);
  const rules = getMetadataStorage().getTargetValidationMetadatas(cls, '', true, false);
  if (rules.length === 0) throw new Error(`${cls.name} has no class-validator decorators, so nothing could be validated`);
  const namesakes = [
    ...(getMetadataStorage() as unknown as { validationMetadatas: Map<Function, unknown> }).validationMetadatas.keys(),
  ].filter((other) => other !== cls && other.name === cls.name && !(cls.prototype instanceof other) && !(other.prototype instanceof cls));
  if (namesakes.length) throw new Error(`two different classes are named ${cls.name}; rename one (nested schemas are keyed by class name)`);
  for (const rule of rules) {
    if (rule.type !== 'nestedValidation') continue;
    const type = defaultMetadataStorage.findTypeMetadata(cls, rule.propertyName);
    if (!type)
      throw new Error(`${cls.name}.${rule.propertyName} has @ValidateNested but no @Type(() => …), so its input would not be validated`);
    const nested = type.typeFunction() as Type<object>;
    if (typeof nested === 'function' && nested !== Object) checkClass(nested, seen);
  }
}

function collectRefs(schema: unknown, out: string[] = []): string[] {
  if (Array.isArray(schema)) schema.forEach((s) => collectRefs(s, out));
  else if (schema && typeof schema === 'object') {
    for (const [key, value] of Object.entries(schema)) {
      if (key === '$ref' && typeof value === 'string') {
        if (!value.startsWith(DEFS_PREFIX)) throw new Error(`unsupported $ref ${value}`);
        out.push(value.slice(DEFS_PREFIX.length));
      } else collectRefs(value, out);
    }
  }
  return out;
}

function closeObjects(schema: JsonSchema): JsonSchema {
  if (schema.type === 'object' && schema.additionalProperties === undefined) {
    schema.additionalProperties = false;
    schema.properties ??= {};
  }
  for (const value of Object.values(schema)) {
    if (Array.isArray(value)) value.forEach((v) => v && typeof v === 'object' && closeObjects(v as JsonSchema));
    else if (value && typeof value === 'object') closeObjects(value as JsonSchema);
  }
  return schema;
}
