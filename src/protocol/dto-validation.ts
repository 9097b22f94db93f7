import type { Type } from '@nestjs/common';
import { getMetadataStorage, validateSync, ValidationError, ValidationTypes, type ValidationArguments } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';
import { toInstance } from './to-instance';

/**
 * class-validator for client input, with its per-call overhead compiled away.
 *
 * `validateSync` looks every class's rules up again on each call (a scan of the whole metadata
 * store) and builds error objects for every property, even when nothing is wrong. Here each DTO
 * class is compiled once into a plain function that calls the *same* constraint functions
 * class-validator would, in the same way (conditions, `each`, nested classes, whitelist), and
 * answers only "no errors". When it cannot say so (bad input, or a rule it does not model: async
 * constraints, promise validation), `validateSync` runs as before and its errors are the answer.
 * So the verdict and every message are class-validator's own; valid input just gets there
 * without the bookkeeping. `dto-validation.spec.ts` checks the two agree on generated input.
 */

/** What every DTO of client input is validated with: unknown properties are errors, not silently dropped. */
export const DTO_VALIDATION = { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true } as const;

/** "Valid" or "ask class-validator": never "invalid", so a fast-path gap can only cost time. */
type Check = (object: object) => boolean;

interface Rule {
  readonly metadata: ValidationMetadata;
  readonly validate: (value: unknown, args: ValidationArguments) => unknown;
}

interface PropertyCheck {
  readonly name: string;
  readonly conditions: ReadonlyArray<(object: object, value: unknown) => boolean>;
  readonly rules: readonly Rule[];
  readonly nested: boolean;
}

const compiled = new WeakMap<Function, Check>();
const NEVER: Check = () => false;

/** Validates an instance of a DTO class with {@link DTO_VALIDATION}; [] when it is valid. */
export function validateDto(instance: object): ValidationError[] {
  if (passesCompiledCheck(instance)) return [];
  const hijacked = hijackedConstructor(instance, '');
  // class-validator finds a class's rules through `constructor`: a client-sent `constructor` key
  // (`{"constructor": null}`) would make it throw a TypeError instead of reporting the key.
  if (hijacked !== undefined) return [notAllowed(instance, hijacked)];
  return validateSync(instance, DTO_VALIDATION);
}

/** The compiled check alone: true only where `validateSync` would find no error (exported for its spec). */
export function passesCompiledCheck(instance: object): boolean {
  return checkFor(instance.constructor)(instance);
}

/** The client's JSON as an instance of `cls` (see {@link toInstance}) and its validation errors. */
export function parseDto<T extends object>(cls: Type<T>, plain: Record<string, unknown>): { value: T; errors: ValidationError[] } {
  const value = toInstance(cls, plain);
  return { value, errors: validateDto(value) };
}

/** Path of an own `constructor` key on the instance or a nested class instance (free-form values are data and may hold one). */
function hijackedConstructor(value: unknown, path: string): string | undefined {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = hijackedConstructor(value[i], `${path}[${i}]`);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Object.getPrototypeOf(value) === Object.prototype) return undefined;
  if (Object.hasOwn(value, 'constructor')) return path ? `${path}.constructor` : 'constructor';
  for (const [key, child] of Object.entries(value)) {
    const found = typeof child === 'object' ? hijackedConstructor(child, path ? `${path}.${key}` : key) : undefined;
    if (found !== undefined) return found;
  }
  return undefined;
}

function notAllowed(target: object, property: string): ValidationError {
  return Object.assign(new ValidationError(), {
    target,
    property,
    children: [],
    constraints: { [ValidationTypes.WHITELIST]: `property ${property} should not exist` },
  });
}

function checkFor(cls: unknown): Check {
  // `constructor` is what class-validator looks rules up by; a client-sent own `constructor` key
  // makes it something else, which class-validator reports as an unknown value.
  if (typeof cls !== 'function') return NEVER;
  let check = compiled.get(cls);
  if (!check) {
    check = compile(cls);
    compiled.set(cls, check);
  }
  return check;
}

function compile(cls: Function): Check {
  const storage = getMetadataStorage();
  // The same lookup validateSync makes (no groups, always=false, strictGroups=false), done once.
  const metadatas = storage.getTargetValidationMetadatas(cls, '', false, false, undefined);
  if (metadatas.length === 0) return NEVER; // forbidUnknownValues: an error class-validator should word
  const grouped = storage.groupByPropertyName(metadatas);
  const properties: PropertyCheck[] = [];
  for (const [name, all] of Object.entries(grouped)) {
    const rules: Rule[] = [];
    const conditions: PropertyCheck['conditions'][number][] = [];
    let nested = false;
    for (const metadata of all) {
      switch (metadata.type) {
        case ValidationTypes.WHITELIST:
          break;
        case ValidationTypes.CONDITIONAL_VALIDATION:
          conditions.push(metadata.constraints[0] as PropertyCheck['conditions'][number]);
          break;
        case ValidationTypes.NESTED_VALIDATION:
          nested = true;
          break;
        case ValidationTypes.IS_DEFINED:
        case ValidationTypes.CUSTOM_VALIDATION:
          for (const constraint of storage.getTargetValidatorConstraints(metadata.constraintCls)) {
            // validateSync skips async constraints; a sync one that returns a promise falls back below.
            if (constraint.async) continue;
            const instance = constraint.instance as { validate: Rule['validate'] };
            rules.push({ metadata, validate: (value, args) => instance.validate(value, args) });
          }
          break;
        default:
          return NEVER; // e.g. promise validation: leave it to class-validator
      }
    }
    properties.push({ name, conditions, rules, nested });
  }
  const allowed = new Set(Object.keys(grouped));
  const targetName = cls.name;
  return (object) => {
    for (const key of Object.keys(object)) if (!allowed.has(key)) return false;
    for (const property of properties) {
      const value = (object as Record<string, unknown>)[property.name];
      let validate = true;
      for (const condition of property.conditions) validate = condition(object, value) && validate;
      if (!validate) continue;
      for (const rule of property.rules) if (!passes(rule, object, value, targetName)) return false;
      if (property.nested && value !== undefined && !nestedValid(value)) return false;
    }
    return true;
  };
}

function passes(rule: Rule, object: object, value: unknown, targetName: string): boolean {
  const { metadata } = rule;
  if (metadata.validateIf && !metadata.validateIf(object, value)) return true;
  const args: ValidationArguments = { targetName, property: metadata.propertyName, object, value, constraints: metadata.constraints };
  if (!metadata.each || !(Array.isArray(value) || value instanceof Set || value instanceof Map)) return rule.validate(value, args) === true;
  for (const item of value instanceof Map ? value.values() : value) if (rule.validate(item, args) !== true) return false;
  return true;
}

function nestedValid(value: unknown): boolean {
  if (Array.isArray(value))
    return value.every((item) => item instanceof Object && !Array.isArray(item) && checkFor(item.constructor)(item));
  if (value instanceof Set || value instanceof Map) return false;
  return value instanceof Object && checkFor(value.constructor)(value);
}
