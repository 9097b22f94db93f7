import { Transform } from 'class-transformer';
import { IsInt, Max, Min, ValidateBy } from 'class-validator';

/** How environment strings become config values: the transforms and validators AppConfig shares. */

/** A comma-separated list of web origins: `http(s)://host[:port]`, nothing after (browsers send exactly that). */
export function IsOriginList(): PropertyDecorator {
  return ValidateBy({
    name: 'isOriginList',
    validator: {
      validate: (value: unknown) =>
        typeof value === 'string' &&
        value
          .split(',')
          .map((entry) => entry.trim())
          .filter(Boolean)
          .every(isOrigin),
      defaultMessage: () =>
        'must be comma-separated origins such as https://console.example.com or http://localhost:5173 (scheme, host, optional port; no path)',
    },
  });
}

function isOrigin(entry: string): boolean {
  try {
    const url = new URL(entry);
    const scheme = url.protocol === 'http:' || url.protocol === 'https:';
    return scheme && !url.username && !url.password && url.pathname === '/' && !/[?#]/.test(entry);
  } catch {
    return false;
  }
}

export const toInt = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : Number(value));
export const emptyToUndefined = ({ value }: { value: unknown }) => (value === '' ? undefined : value);

/** An integer setting read from its environment string, at least `min` (and at most `max`). */
export function IntSetting(min: number, max?: number): PropertyDecorator {
  return (target, key) => {
    Transform(toInt)(target, key);
    IsInt()(target, key);
    Min(min)(target, key);
    if (max !== undefined) Max(max)(target, key);
  };
}
