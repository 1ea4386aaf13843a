/** Plain JSON data. */
export type JsonValue = string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/** A parameter value a strategy declares and a user sets with `--param name=value` or `--grid`. */
export type ParamValue = number | string | boolean | readonly string[];

/**
 * JSON with object keys sorted and undefined members left out (undefined in an array is null, as
 * JSON.stringify writes it): the same value gives the same text on any machine and after a JSON round
 * trip, so it can be hashed (a job's id) or signed (a queue message).
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((item) => (item === undefined ? 'null' : canonicalJson(item))).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, inner]) => inner !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, inner]) => `${JSON.stringify(key)}:${canonicalJson(inner)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
