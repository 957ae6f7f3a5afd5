// Plain-data helpers shared by every layer: JSON value types, own-property access that never
// reaches Object.prototype (input keys such as "constructor" or "__proto__" are plain data here).

export type JsonPrimitive = string | number | boolean | null;
export type JsonValue = JsonPrimitive | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An own property of a plain object, or undefined: never an inherited member. */
export function own(value: unknown, key: string): JsonValue | undefined {
  if (!isObject(value) || !Object.prototype.hasOwnProperty.call(value, key)) return undefined;
  return value[key];
}

export function ownString(value: unknown, key: string): string | undefined {
  const v = own(value, key);
  return typeof v === 'string' ? v : undefined;
}

export function ownArray(value: unknown, key: string): JsonValue[] | undefined {
  const v = own(value, key);
  return Array.isArray(v) ? v : undefined;
}

export function ownObject(value: unknown, key: string): JsonObject | undefined {
  const v = own(value, key);
  return isObject(v) ? v : undefined;
}

/** Sets a property as own data even when the key is "__proto__". */
export function setOwn(target: JsonObject, key: string, value: JsonValue): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
  } else {
    target[key] = value;
  }
}

/**
 * Depth of nesting of a parsed value, counted without recursion and abandoned as soon as it
 * passes `limit` (returns limit + 1 then): input from a pull request may nest a million deep.
 */
export function nestingDepth(root: unknown, limit: number): number {
  let max = 0;
  const values: unknown[] = [root];
  const depths: number[] = [1];
  while (values.length > 0) {
    const value = values.pop();
    const depth = depths.pop()!;
    if (typeof value !== 'object' || value === null) continue;
    if (depth > max) {
      max = depth;
      if (max > limit) return limit + 1;
    }
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        const child = value[i];
        if (typeof child === 'object' && child !== null) {
          values.push(child);
          depths.push(depth + 1);
        }
      }
    } else {
      for (const key in value) {
        const child = (value as Record<string, unknown>)[key];
        if (typeof child === 'object' && child !== null) {
          values.push(child);
          depths.push(depth + 1);
        }
      }
    }
  }
  return max;
}
