import { IsDefined, IsInt, IsObject, IsOptional, IsString, IsUUID, Max, Min } from 'class-validator';
import { JSONSchema } from 'class-validator-jsonschema';
import { MAX_VERSION } from '../context-version';

/** `context/get` params, also the `context_get` tool's input. */
export class ContextGetParams {
  @IsOptional()
  @IsUUID()
  @JSONSchema({ description: "Context id; omit for the session's own context" })
  contextId?: string;
}

/** `context/update` params, also the `context_update` tool's input. */
export class ContextUpdateParams {
  @IsOptional()
  @IsUUID()
  @JSONSchema({ description: "Context id; omit for the session's own context. A new UUID creates a context you own." })
  contextId?: string;

  @IsDefined()
  @IsObject()
  @JSONSchema({ description: 'RFC 7396 JSON merge patch: null deletes a key, objects merge, anything else replaces' })
  patch!: Record<string, unknown>;

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_VERSION)
  @JSONSchema({ description: 'Apply only if the context is at this version; otherwise a conflict error carries the current version' })
  ifVersion?: number;
}

/** `context/history` params. */
export class ContextHistoryParams {
  @IsOptional()
  @IsUUID()
  contextId?: string;

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_VERSION)
  afterVersion?: number;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;

  @IsOptional()
  @IsString()
  cursor?: string;
}
