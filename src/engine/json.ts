/**
 * JSON from outside (scenario files, run files, the page's Load JSON) read without prototype
 * keys. JSON.parse itself never touches a prototype (it defines `__proto__` as a plain own
 * property), but whatever later copies, spreads or merges the value would: `{"__proto__":
 * {"toString": 1}}` merged into an object replaces its prototype. So every key of the parsed
 * value, at any depth, is checked before anything uses it, and `__proto__`, `constructor` and
 * `prototype` are refused by name, with where they were found.
 */

/** The keys no input may hold, anywhere. */
export const PROTOTYPE_KEYS: readonly string[] = Object.freeze([
  '__proto__',
  'constructor',
  'prototype',
]);

/** A prototype key found in JSON input: `key` at `path` (e.g. `weather.__proto__`). */
export class PrototypeKeyError extends Error {
  constructor(
    readonly key: string,
    readonly path: string,
  ) {
    super(
      `"${key}" at ${path}: the keys ${PROTOTYPE_KEYS.join(', ')} are refused anywhere in the input`,
    );
    this.name = 'PrototypeKeyError';
  }
}

const isForbidden = (k: string): boolean => PROTOTYPE_KEYS.includes(k);

/** The first prototype key in `value` (depth first, in key order), or null. */
export function findPrototypeKey(value: unknown): { key: string; path: string } | null {
  const stack: { v: unknown; path: string }[] = [{ v: value, path: '' }];
  while (stack.length > 0) {
    const { v, path } = stack.pop() as { v: unknown; path: string };
    if (typeof v !== 'object' || v === null) continue;
    const children: { v: unknown; path: string }[] = [];
    if (Array.isArray(v)) {
      v.forEach((x, i) => children.push({ v: x, path: `${path}[${i}]` }));
    } else {
      for (const k of Object.keys(v)) {
        const at = path === '' ? k : `${path}.${k}`;
        if (isForbidden(k)) return { key: k, path: at };
        children.push({ v: (v as Record<string, unknown>)[k], path: at });
      }
    }
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i] as (typeof children)[0]);
  }
  return null;
}

/**
 * JSON.parse, then a refusal of any prototype key: throws a SyntaxError for text that is not
 * JSON and a PrototypeKeyError naming the key and its path.
 */
export function parseJsonInput(text: string): unknown {
  const value: unknown = JSON.parse(text);
  const found = findPrototypeKey(value);
  if (found) throw new PrototypeKeyError(found.key, found.path);
  return value;
}
