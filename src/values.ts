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
  // plain loops: a sweep ids thousands of jobs (and the queue signs as many messages)
  if (Array.isArray(value)) {
    let text = '[';
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      text += (i > 0 ? ',' : '') + (item === undefined ? 'null' : canonicalJson(item));
    }
    return `${text}]`;
  }
  if (value !== null && typeof value === 'object') {
    // default sort: by UTF-16 code units, as comparing the keys with < does
    const keys = Object.keys(value).sort();
    let text = '{';
    let first = true;
    for (const key of keys) {
      const inner = (value as Record<string, unknown>)[key];
      if (inner === undefined) continue;
      text += `${first ? '' : ','}${JSON.stringify(key)}:${canonicalJson(inner)}`;
      first = false;
    }
    return `${text}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
