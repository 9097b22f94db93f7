import type { Type } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { defaultMetadataStorage } from 'class-transformer/cjs/storage';
import { getMetadataStorage } from 'class-validator';

/** What {@link toInstance} needs to know about a class, worked out once per class. */
interface Shape {
  /** Declared (validated) property → whether it has `@Type`; undeclared keys are looked up on each call. */
  readonly declared: ReadonlyMap<string, boolean>;
  /** No `@Expose` and no strategy: `plainToInstance(cls, {})` is just `new cls()`. */
  readonly plain: boolean;
  /** Declared properties the class defines as accessors somewhere on its prototype chain. */
  readonly accessors: ReadonlySet<string>;
}

const shapes = new WeakMap<Function, Shape>();

/**
 * A validation instance of `cls` for client JSON. Only properties declared with `@Type`
 * (nested classes) go through class-transformer; every other value is copied as the exact
 * JSON the client sent. class-transformer alone would drop keys named like built-in
 * methods (`toString`, `valueOf`) inside free-form objects such as a merge patch, and
 * choke on a nested `constructor` key; copied as data, they are stored as sent, and an
 * undeclared top-level key (even `constructor`) is caught by `forbidNonWhitelisted`.
 */
export function toInstance<T extends object>(cls: Type<T>, plain: Record<string, unknown>): T {
  const shape = shapeOf(cls);
  let typed: Record<string, unknown> | undefined;
  let raw: string[] | undefined;
  for (const key of Object.keys(plain)) {
    if (shape.declared.get(key) ?? !!defaultMetadataStorage.findTypeMetadata(cls, key)) (typed ??= {})[key] = plain[key];
    else (raw ??= []).push(key);
  }
  const instance = (typed || !shape.plain ? plainToInstance(cls, typed ?? {}) : new cls()) as Record<string, unknown>;
  if (raw)
    for (const key of raw)
      Object.defineProperty(instance, key, { value: plain[key], enumerable: true, writable: true, configurable: true });
  return instance as T;
}

function shapeOf(cls: Function): Shape {
  let shape = shapes.get(cls);
  if (!shape) {
    const declared = new Map<string, boolean>();
    for (const metadata of getMetadataStorage().getTargetValidationMetadatas(cls, '', false, false, undefined)) {
      declared.set(metadata.propertyName, !!defaultMetadataStorage.findTypeMetadata(cls, metadata.propertyName));
    }
    const accessors = new Set<string>();
    for (
      let proto = cls.prototype as object | null;
      proto && proto !== Object.prototype;
      proto = Object.getPrototypeOf(proto) as object | null
    ) {
      for (const key of declared.keys()) if (Object.getOwnPropertyDescriptor(proto, key)) accessors.add(key);
    }
    shape = {
      declared,
      accessors,
      plain: defaultMetadataStorage.getStrategy(cls) === 'none' && defaultMetadataStorage.getExposedMetadatas(cls).length === 0,
    };
    shapes.set(cls, shape);
  }
  return shape;
}
