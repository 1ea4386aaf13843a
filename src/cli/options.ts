import { printable } from '../errors.js';
import { InvalidArgumentError } from 'commander';
import { LEARNER_OPTION_SPECS } from '../learner/config.js';

/** Commander argument parsers that reject bad values with a message naming the accepted range. */
/** A plain decimal number: digits with an optional sign and fraction (no hex, exponents or blanks). */
const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

const rangeText = (min: number, max: number) => (Number.isFinite(min) && Number.isFinite(max) ? ` in ${min}..${max}` : Number.isFinite(min) ? ` >= ${min}` : '');

export function parseNumberOption(flag: string, min = -Infinity, max = Infinity) {
  return (text: string): number => {
    const value = Number(text);
    if (!DECIMAL.test(text) || !Number.isFinite(value)) {
      throw new InvalidArgumentError(`${flag} must be a decimal number${rangeText(min, max)}, got '${printable(text)}'.`);
    }
    if (value < min || value > max) {
      throw new InvalidArgumentError(`${flag} must be within ${min}..${max}, got ${printable(text)}.`);
    }
    return value;
  };
}

export function parseIntegerOption(flag: string, min = -Infinity, max = Infinity) {
  const parseNumber = parseNumberOption(flag, min, max);
  return (text: string): number => {
    const value = parseNumber(text);
    if (!Number.isInteger(value)) {
      throw new InvalidArgumentError(`${flag} must be a whole number${rangeText(min, max)}, got '${printable(text)}'.`);
    }
    return value;
  };
}

/** Every seed flag (--seed, --learner-seed, a synthetic market's or a grid world's): one range, the learner's. */
export function parseSeedOption(flag: string) {
  return parseIntegerOption(flag, LEARNER_OPTION_SPECS.seed.min, LEARNER_OPTION_SPECS.seed.max);
}

export function parseChoiceOption<T extends string>(flag: string, choices: readonly T[]) {
  return (text: string): T => {
    if (!(choices as readonly string[]).includes(text)) {
      throw new InvalidArgumentError(`${flag} must be one of ${choices.join(', ')}, got '${printable(text)}'.`);
    }
    return text as T;
  };
}

/** The words typed after `dynaq`, for reports (commander keeps them as `rawArgs` on the program, untyped). */
export function typedCommandLine(command: { parent: unknown }): string {
  // the program is the root: a sub-subcommand (experiment learning) has a parent that has a parent
  let root = command as { parent: unknown; rawArgs?: string[] };
  while (root.parent) root = root.parent as typeof root;
  const words = ['dynaq', ...(root.rawArgs ?? [])];
  return words.map((word) => (/^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`)).join(' ');
}
