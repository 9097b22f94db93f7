import type { Type } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { defaultMetadataStorage } from 'class-transformer/cjs/storage';

/**
 * A validation instance of `cls` for client JSON. Only properties declared with `@Type`
 * (nested classes) go through class-transformer; every other value is copied as the exact
 * JSON the client sent. class-transformer alone would drop keys named like built-in
 * methods (`toString`, `valueOf`) inside free-form objects such as a merge patch, and
 * choke on a nested `constructor` key; copied as data, they are stored as sent, and an
 * undeclared top-level key (even `constructor`) is caught by `forbidNonWhitelisted`.
 */
export function toInstance<T extends object>(cls: Type<T>, plain: Record<string, unknown>): T {
  const typed: Record<string, unknown> = {};
  const raw: Array<[string, unknown]> = [];
  for (const key of Object.keys(plain)) {
    if (defaultMetadataStorage.findTypeMetadata(cls, key)) typed[key] = plain[key];
    else raw.push([key, plain[key]]);
  }
  const instance = plainToInstance(cls, typed) as Record<string, unknown>;
  for (const [key, value] of raw) Object.defineProperty(instance, key, { value, enumerable: true, writable: true, configurable: true });
  return instance as T;
}
