// class-transformer ships this module without its own declaration; class-validator-jsonschema
// needs its metadata storage to resolve `@Type(() => X)` on arrays of nested classes.
declare module 'class-transformer/cjs/storage' {
  import type { MetadataStorage } from 'class-transformer/types/MetadataStorage';
  export const defaultMetadataStorage: MetadataStorage;
}
