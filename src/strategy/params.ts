import { printable, UserError } from '../errors.js';
import type { ParamDeclarations, ParamSpec, ParamValue, ParamValues } from './contract.js';

/**
 * A strategy's parameters: what it declares (defaults, ranges, choices), how a value given as text
 * (`--param fast=12`, `--grid fast=5,10`) is read, and the one check every value passes, wherever it
 * came from. An unknown name is refused with the list of what the strategy takes.
 */

export type ParamKind = 'number' | 'integer' | 'boolean' | 'text' | 'list';

/** A declared parameter with everything filled in. */
export interface ParamDefinition {
  readonly name: string;
  readonly kind: ParamKind;
  readonly default: ParamValue;
  readonly min?: number;
  readonly max?: number;
  readonly choices?: readonly string[];
  readonly description?: string;
}

const NAME = /^[A-Za-z][\w-]{0,63}$/;

function isSpec(value: ParamValue | ParamSpec): value is ParamSpec {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && 'default' in value;
}

/** A number is whole when declared so, or when its default is whole and it is not declared otherwise (`fast: 10`). */
function kindOf(value: unknown, integer: boolean | undefined): ParamKind | null {
  if (typeof value === 'number') return (integer ?? Number.isInteger(value)) ? 'integer' : 'number';
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'string') return 'text';
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return 'list';
  return null;
}

/** The strategy's declared parameters, checked once (a malformed declaration names the strategy and the field). */
export function paramDefinitions(declarations: ParamDeclarations | undefined, where: string): ParamDefinition[] {
  if (declarations === undefined) return [];
  if (typeof declarations !== 'object' || declarations === null || Array.isArray(declarations)) {
    throw new UserError(`${where}: 'params' must be an object of name: default, e.g. { fast: 10, slow: 20 }.`);
  }
  return Object.entries(declarations).map(([name, declared]) => {
    if (!NAME.test(name)) throw new UserError(`${where}: parameter name '${printable(name)}' must start with a letter and hold letters, digits, _ or -.`);
    const spec: ParamSpec = isSpec(declared) ? declared : { default: declared };
    const kind = kindOf(spec.default, spec.integer);
    if (kind === null || (typeof spec.default === 'number' && !Number.isFinite(spec.default))) {
      throw new UserError(`${where}: parameter '${name}' must default to a finite number, text, true/false or a list of texts.`);
    }
    const definition: ParamDefinition = {
      name,
      kind,
      default: spec.default,
      ...(spec.min !== undefined ? { min: spec.min } : {}),
      ...(spec.max !== undefined ? { max: spec.max } : {}),
      ...(spec.choices !== undefined ? { choices: spec.choices } : {}),
      ...(spec.description !== undefined ? { description: spec.description } : {}),
    };
    checkValue(definition, spec.default, `${where}: the default of parameter '${name}'`);
    return definition;
  });
}

/** What a parameter accepts, for messages: `fast (whole number 2..200, default 10)`. */
export function describeParam(definition: ParamDefinition): string {
  const range = definition.min !== undefined || definition.max !== undefined ? ` ${definition.min ?? '-inf'}..${definition.max ?? 'inf'}` : '';
  const what =
    definition.kind === 'integer'
      ? `whole number${range}`
      : definition.kind === 'number'
        ? `number${range}`
        : definition.kind === 'boolean'
          ? 'true or false'
          : definition.kind === 'list'
            ? 'comma-separated list'
            : definition.choices
              ? definition.choices.join('|')
              : 'text';
  return `${definition.name} (${what}, default ${formatParamValue(definition.default)})`;
}

export function formatParamValue(value: ParamValue): string {
  return Array.isArray(value) ? value.join(',') : String(value);
}

const rangeText = (definition: ParamDefinition): string =>
  definition.min !== undefined && definition.max !== undefined
    ? ` in ${definition.min}..${definition.max}`
    : definition.min !== undefined
      ? ` >= ${definition.min}`
      : definition.max !== undefined
        ? ` <= ${definition.max}`
        : '';

/** Checks a typed value against its definition; `label` names it as the user gave it (`--dyna`, `--param fast`). */
function checkValue(definition: ParamDefinition, value: ParamValue, label: string): ParamValue {
  const shown = printable(formatParamValue(value));
  switch (definition.kind) {
    case 'number':
    case 'integer': {
      const whole = definition.kind === 'integer';
      if (typeof value !== 'number' || !Number.isFinite(value)) throw new UserError(`${label} must be a ${whole ? 'whole' : 'decimal'} number${rangeText(definition)}, got '${shown}'.`, 2);
      if ((definition.min !== undefined && value < definition.min) || (definition.max !== undefined && value > definition.max)) {
        throw new UserError(`${label} must be within ${definition.min ?? '-inf'}..${definition.max ?? 'inf'}, got ${shown}.`, 2);
      }
      if (whole && !Number.isInteger(value)) throw new UserError(`${label} must be a whole number${rangeText(definition)}, got '${shown}'.`, 2);
      return value;
    }
    case 'boolean':
      if (typeof value !== 'boolean') throw new UserError(`${label} must be true or false, got '${shown}'.`, 2);
      return value;
    case 'text':
      if (typeof value !== 'string') throw new UserError(`${label} must be text, got '${shown}'.`, 2);
      if (definition.choices !== undefined && !definition.choices.includes(value)) throw new UserError(`${label} must be one of ${definition.choices.join(', ')}, got '${shown}'.`, 2);
      return value;
    case 'list':
      if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) throw new UserError(`${label} must be a list of texts, got '${shown}'.`, 2);
      return value;
  }
}

/** A value given as text (a flag, a grid, a file) read as the parameter's kind; `label` names where it came from. */
export function parseParamText(definition: ParamDefinition, text: string, label: string): ParamValue {
  switch (definition.kind) {
    case 'number':
    case 'integer':
      // plain decimals only, as every numeric flag: 0x10, 1e3 or ' 5' are refused
      if (!/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(text)) {
        throw new UserError(`${label} must be a decimal number${rangeText(definition)}, got '${printable(text)}'.`, 2);
      }
      return checkValue(definition, Number(text), label);
    case 'boolean':
      if (text === 'true' || text === 'false') return text === 'true';
      throw new UserError(`${label} must be true or false, got '${printable(text)}'.`, 2);
    case 'text':
      return checkValue(definition, text, label);
    case 'list':
      return text.split(/[;,]/).map((item) => item.trim()).filter((item) => item !== '');
  }
}

/**
 * The strategy's parameters with `given` applied over the defaults. Values may be typed or text
 * (read by the parameter's kind); every one is checked; a name the strategy does not declare is an
 * error that lists what it does declare.
 */
export function resolveParams(definitions: readonly ParamDefinition[], given: Readonly<Record<string, ParamValue>>, where: string): ParamValues {
  const byName = new Map(definitions.map((definition) => [definition.name, definition]));
  const values: Record<string, ParamValue> = {};
  for (const definition of definitions) values[definition.name] = definition.default;
  for (const [name, value] of Object.entries(given)) {
    const definition = byName.get(name);
    if (definition === undefined) {
      const accepted = definitions.length === 0 ? 'it declares no parameters' : `it takes ${definitions.map(describeParam).join(', ')}`;
      throw new UserError(`${where}: unknown parameter '${printable(name)}'; ${accepted}.`, 2);
    }
    const label = `${where}: parameter '${name}'`;
    values[name] = typeof value === 'string' && definition.kind !== 'text' ? parseParamText(definition, value, label) : checkValue(definition, value, label);
  }
  return Object.freeze(values);
}
