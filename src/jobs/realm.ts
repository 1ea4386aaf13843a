/**
 * Closing the realm a user's strategy runs in (the pool thread): no state outlives a run through
 * the built-in objects, so a strategy cannot stash prices on them for a later run (a grid runs the
 * same symbol again and again on one thread) or make results depend on --jobs.
 *
 * Every global constructor and namespace is frozen, and with it everything it reaches through its
 * own properties and prototypes (methods are objects too: `Math.max.stash = x` would outlive the
 * run), plus the intrinsics no global names: Function.prototype (the global `Function` is replaced
 * before this runs), the iterator, generator and async function prototypes, %TypedArray%.
 *
 * But for the prototypes on the chain of every object and typed array: Object.prototype,
 * %TypedArray%.prototype and each typed array's prototype. Object.freeze moves a prototype's
 * (empty) elements to a frozen kind, which V8 reads as elements on the prototype chain: every
 * typed-array store in the thread then leaves its fast path (measured on Node 20: 5 million
 * Float64Array stores 7 ms -> 181 ms; the watchdog's marks, four stores a strategy call, 22 ms ->
 * 898 ms; a 10 x 10 SMA-cross grid's jobs 3.4 s of CPU against 5.6-7.1 s frozen). Freezing them
 * property by property instead leaves them in dictionary mode, which made a typed array's `length`
 * and methods 1.8x slower to reach. So those are sealed (no property added, removed or
 * reconfigured; the fast paths kept), the values they hold are frozen like the rest, and their
 * writable properties are checked after every task, value and writability: a task that changed one
 * fails with one line and its thread ends, so no later run sees the change (`closeRealm`'s check).
 */

/** The prototypes sealed rather than frozen (see above). */
function elementPrototypes(): object[] {
  const kinds = [Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array, Float32Array, Float64Array, BigInt64Array, BigUint64Array];
  return [Object.prototype, Object.getPrototypeOf(Int8Array.prototype) as object, ...kinds.map((kind) => kind.prototype as object)];
}

/** Built-in objects no global property names, reached through instances. */
function hiddenIntrinsics(): object[] {
  const protoOf = (value: unknown) => Object.getPrototypeOf(value) as object;
  const generator = function* () {};
  const asyncGenerator = async function* () {};
  return [
    protoOf(function () {}), // Function.prototype
    protoOf(async function () {}),
    protoOf(generator),
    protoOf(generator.prototype), // %GeneratorPrototype%
    protoOf(asyncGenerator),
    protoOf(asyncGenerator.prototype), // %AsyncGeneratorPrototype%
    protoOf(protoOf(asyncGenerator.prototype)), // %AsyncIteratorPrototype%
    protoOf([][Symbol.iterator]()), // %ArrayIteratorPrototype%
    protoOf(protoOf([][Symbol.iterator]())), // %IteratorPrototype%
    protoOf(new Map()[Symbol.iterator]()),
    protoOf(new Set()[Symbol.iterator]()),
    protoOf(''[Symbol.iterator]()),
    protoOf('a'.matchAll(/a/g)),
    protoOf(Int8Array), // %TypedArray%
  ];
}

/** Global functions with lowercase names (read by name only: reading every global would load Node's lazy ones, fetch among them). */
const LOWERCASE_FUNCTIONS = [
  'parseInt', 'parseFloat', 'isNaN', 'isFinite', 'encodeURI', 'encodeURIComponent', 'decodeURI', 'decodeURIComponent', 'escape', 'unescape',
  'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'setImmediate', 'clearImmediate', 'queueMicrotask', 'structuredClone', 'atob', 'btoa',
] as const;

/** A writable property of a sealed prototype, as the thread started with it. */
interface Watched {
  readonly owner: object;
  readonly key: string | symbol;
  readonly value: unknown;
  readonly name: string;
}

/** Closes the realm; returns the check that names a built-in a task changed since, or null. */
export function closeRealm(): () => string | null {
  const sealed = elementPrototypes();
  const sealedSet = new Set<object>(sealed);
  // freezes `value` and everything it reaches through own properties (values, getters, setters) and its prototype
  const seen = new Set<object>();
  const close = (value: unknown): void => {
    if (value === null || (typeof value !== 'object' && typeof value !== 'function') || seen.has(value)) return;
    seen.add(value);
    if (sealedSet.has(value)) Object.seal(value);
    else Object.freeze(value);
    for (const key of Reflect.ownKeys(value)) {
      const descriptor = Object.getOwnPropertyDescriptor(value, key);
      if (descriptor === undefined) continue;
      close(descriptor.value);
      close(descriptor.get);
      close(descriptor.set);
    }
    close(Object.getPrototypeOf(value));
  };
  for (const name of Object.getOwnPropertyNames(globalThis)) {
    const value = (globalThis as Record<string, unknown>)[name];
    if (name === 'globalThis' || value === null || (typeof value !== 'object' && typeof value !== 'function')) continue;
    if (!/^[A-Z]/.test(name) && !['Math', 'JSON', 'Reflect', 'Atomics', 'Intl'].includes(name)) continue;
    close(value);
  }
  // the global functions a strategy may call by name (function objects could carry a value too);
  // Node's objects (process, console, performance...) are hidden from strategy code by the loader
  for (const name of LOWERCASE_FUNCTIONS) close((globalThis as Record<string, unknown>)[name]);
  for (const intrinsic of [...hiddenIntrinsics(), ...sealed]) close(intrinsic);
  Object.freeze(globalThis);

  const names = new Map<object, string>([
    [Object.prototype, 'Object.prototype'],
    [Object.getPrototypeOf(Int8Array.prototype) as object, 'TypedArray.prototype'],
  ]);
  for (const prototype of sealed) if (!names.has(prototype)) names.set(prototype, `${(prototype as { constructor: { name: string } }).constructor.name}.prototype`);
  const watched: Watched[] = sealed.flatMap((owner) =>
    Reflect.ownKeys(owner).flatMap((key) => {
      const descriptor = Object.getOwnPropertyDescriptor(owner, key)!;
      return 'value' in descriptor && descriptor.writable ? [{ owner, key, value: descriptor.value as unknown, name: `${names.get(owner)!}.${String(key)}` }] : [];
    }),
  );
  return () => {
    for (const entry of watched) {
      const descriptor = Object.getOwnPropertyDescriptor(entry.owner, entry.key);
      // sealed: the property is there and a data property still; its value or writability may have changed
      if (descriptor === undefined || descriptor.value !== entry.value || descriptor.writable !== true) {
        return `it changed the built-in ${entry.name}; a strategy may not change built-in objects`;
      }
    }
    return null;
  };
}
