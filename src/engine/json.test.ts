import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findPrototypeKey, parseJsonInput, PROTOTYPE_KEYS, PrototypeKeyError } from './json';

/** A JSON value with `key` set at a random depth: inside objects and arrays, beside other keys. */
const withKey = fc
  .tuple(
    // The surrounding value holds none itself (fast-check's JSON does generate them), so the one
    // planted is the first found.
    fc.jsonValue({ maxDepth: 3 }).filter((v) => findPrototypeKey(v) === null),
    fc.constantFrom(...PROTOTYPE_KEYS),
    fc.jsonValue({ maxDepth: 2 }),
    fc.array(fc.oneof(fc.string({ maxLength: 6 }), fc.nat({ max: 3 })), { maxLength: 4 }),
  )
  .map(([around, key, value, path]) => {
    // Build the nesting from the inside out as text, so `__proto__` stays a plain JSON key.
    let text = `{${JSON.stringify(key)}:${JSON.stringify(value)}}`;
    for (const step of [...path].reverse()) {
      text =
        typeof step === 'number'
          ? `[${Array.from({ length: step }, () => 'null').join(',')}${step ? ',' : ''}${text}]`
          : `{${JSON.stringify(step.replace(/^(__proto__|constructor|prototype)$/, 'x'))}:${text}}`;
    }
    return { key, text: `{"around":${JSON.stringify(around)},"in":${text}}` };
  });

describe('parseJsonInput', () => {
  it('refuses any JSON with a prototype key anywhere, naming the key', () => {
    fc.assert(
      fc.property(withKey, ({ key, text }) => {
        let error: unknown = null;
        try {
          parseJsonInput(text);
        } catch (e) {
          error = e;
        }
        expect(error).toBeInstanceOf(PrototypeKeyError);
        expect((error as PrototypeKeyError).key).toBe(key);
        expect((error as Error).message).toContain(`"${key}" at `);
        // Nothing was polluted on the way.
        expect(({} as Record<string, unknown>).toString).toBe(Object.prototype.toString);
      }),
      { numRuns: 300 },
    );
  });

  it('accepts JSON without them, unchanged', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const text = JSON.stringify(v);
        if (findPrototypeKey(JSON.parse(text))) return;
        expect(parseJsonInput(text)).toEqual(JSON.parse(text));
      }),
    );
  });

  it('names where the key was', () => {
    expect(() => parseJsonInput('{"weather":{"__proto__":{"toString":1}}}')).toThrow(
      '"__proto__" at weather.__proto__: the keys __proto__, constructor, prototype are refused anywhere in the input',
    );
    expect(() => parseJsonInput('{"pv":{"areasM2":[1,{"constructor":2}]}}')).toThrow(
      /"constructor" at pv\.areasM2\[1\]\.constructor/,
    );
  });
});
