/** Plain JSON data. */
export type JsonValue = string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/** A parameter value a strategy declares and a user sets with `--param name=value` or `--grid`. */
export type ParamValue = number | string | boolean | readonly string[];
