import type { ValidationError } from 'class-validator';

interface ZodLikeIssue {
  path: readonly PropertyKey[];
  message: string;
  code?: string;
}

const pathText = (base: string, path: readonly PropertyKey[]): string =>
  path.reduce<string>((acc, key) => (typeof key === 'number' ? `${acc}[${key}]` : acc ? `${acc}.${String(key)}` : String(key)), base);

/** "params.name: Invalid input: expected string, received undefined" for each zod issue. */
export function describeZodIssues(issues: readonly ZodLikeIssue[], base = ''): string[] {
  return issues.slice(0, 10).map((issue) => `${pathText(base, issue.path) || '(root)'}: ${issue.message}`);
}

/** Flattens class-validator errors into "path: rule message" lines. */
export function describeValidationErrors(errors: readonly ValidationError[], base = ''): string[] {
  const out: string[] = [];
  const walk = (errs: readonly ValidationError[], prefix: string) => {
    for (const err of errs) {
      const path = /^\d+$/.test(err.property) ? `${prefix}[${err.property}]` : prefix ? `${prefix}.${err.property}` : err.property;
      for (const message of Object.values(err.constraints ?? {})) out.push(`${path}: ${message}`);
      if (err.children?.length) walk(err.children, path);
    }
  };
  walk(errors, base);
  return out.slice(0, 10);
}
