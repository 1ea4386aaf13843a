/**
 * Closing the realm a user's strategy runs in (the pool thread): no state outlives a run through
 * the built-in objects, so a strategy cannot stash prices on them for a later run (a grid runs the
 * same symbol again and again on one thread) or make results depend on --jobs.
 *
 * Every global constructor and namespace and its prototype is frozen, but for the prototypes on the
 * chain of every object and typed array: Object.prototype, %TypedArray%.prototype and each typed
 * array's prototype. Object.freeze moves a prototype's (empty) elements to a frozen kind, which V8
 * reads as elements on the prototype chain: every array and typed-array store in the thread then
 * leaves its fast path (measured on Node 20: 5 million Float64Array stores 7 ms -> 181 ms; the
 * watchdog's marks, four stores a strategy call, 22 ms -> 898 ms; a 10 x 10 SMA-cross grid's jobs
 * 3.4 s of CPU unfrozen against 5.6-7.1 s). Freezing them property by property instead leaves them
 * in dictionary mode, which made a typed array's `length` and methods 1.8x slower to reach. So
 * those are sealed (no property added or removed, the fast paths kept) and their writable values
 * are checked after every task: a task that changed one fails with one line, and its thread ends, so
 * no later run sees the change (`changedBuiltIn`).
 */

/** The prototypes sealed rather than frozen (see above). */
function elementPrototypes(): object[] {
  const kinds = [Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array, Float32Array, Float64Array, BigInt64Array, BigUint64Array];
  return [Object.prototype, Object.getPrototypeOf(Int8Array.prototype) as object, ...kinds.map((kind) => kind.prototype as object)];
}

/** A sealed prototype's writable value at the start, by name for the message. */
interface Watched {
  readonly owner: object;
  readonly key: string | symbol;
  readonly value: unknown;
  readonly name: string;
}

/** Closes the realm; returns the check that names a built-in value a task changed since, or null. */
export function closeRealm(): () => string | null {
  const sealed = elementPrototypes();
  const sealedSet = new Set<object>(sealed);
  const close = (value: object) => (sealedSet.has(value) ? Object.seal(value) : Object.freeze(value));
  for (const name of Object.getOwnPropertyNames(globalThis)) {
    const value = (globalThis as Record<string, unknown>)[name];
    if (name === 'globalThis' || value === null || (typeof value !== 'object' && typeof value !== 'function')) continue;
    if (!/^[A-Z]/.test(name) && !['Math', 'JSON', 'Reflect', 'Atomics', 'Intl'].includes(name)) continue;
    close(value);
    const prototype = (value as { prototype?: unknown }).prototype;
    if (prototype !== null && typeof prototype === 'object') close(prototype);
  }
  // not a global: the constructor every typed array's constructor extends, and its prototype
  const typedArray = Object.getPrototypeOf(Int8Array) as object;
  Object.freeze(typedArray);
  Object.seal(Object.getPrototypeOf(Int8Array.prototype) as object);
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
      if ((entry.owner as Record<string | symbol, unknown>)[entry.key] !== entry.value) return `it changed the built-in ${entry.name}; a strategy may not change built-in objects`;
    }
    return null;
  };
}
