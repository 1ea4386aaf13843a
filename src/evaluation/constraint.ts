import { printable, UserError } from '../errors.js';
import type { ParamValue } from '../values.js';

/**
 * A constraint on a grid's combinations, e.g. `fast < slow` or `2 * fast <= slow`: arithmetic
 * (+ - * / and parentheses) over numbers and numeric parameters, one comparison (< <= > >= == !=).
 * Parsed once; a combination that breaks it is not run (backtesting.py's `constraint`).
 */
export type Constraint = (values: Readonly<Record<string, ParamValue>>) => boolean;

type Node = { kind: 'number'; value: number } | { kind: 'name'; name: string } | { kind: 'negate'; of: Node } | { kind: 'binary'; op: string; left: Node; right: Node };

const COMPARISONS = ['<=', '>=', '==', '!=', '<', '>'] as const;

export function parseConstraint(text: string, names: readonly string[], flag = '--constraint'): Constraint {
  const where = `${flag} '${printable(text)}'`;
  const tokens = text.match(/\s*(\d+\.?\d*|\.\d+|[A-Za-z][\w-]*|<=|>=|==|!=|[<>+\-*/()])\s*/g);
  if (!tokens || tokens.join('').replace(/\s/g, '') !== text.replace(/\s/g, '')) {
    throw new UserError(`${where}: write a comparison of parameters and numbers, e.g. 'fast < slow' or '2 * fast <= slow'.`, 2);
  }
  const items = tokens.map((token) => token.trim());
  let at = 0;
  const peek = () => items[at];
  const next = () => items[at++];
  const factor = (): Node => {
    const token = next();
    if (token === undefined) throw new UserError(`${where}: it ends too early.`, 2);
    if (token === '-') return { kind: 'negate', of: factor() };
    if (token === '(') {
      const inner = sum();
      if (next() !== ')') throw new UserError(`${where}: a '(' is not closed.`, 2);
      return inner;
    }
    if (/^(\d|\.)/.test(token)) return { kind: 'number', value: Number(token) };
    if (/^[A-Za-z]/.test(token)) {
      if (!names.includes(token)) throw new UserError(`${where}: '${printable(token)}' is not a parameter of the grid; it has ${names.join(', ') || 'none'}.`, 2);
      return { kind: 'name', name: token };
    }
    throw new UserError(`${where}: unexpected '${printable(token)}'.`, 2);
  };
  const term = (): Node => {
    let node = factor();
    while (peek() === '*' || peek() === '/') node = { kind: 'binary', op: next()!, left: node, right: factor() };
    return node;
  };
  const sum = (): Node => {
    let node = term();
    while (peek() === '+' || peek() === '-') node = { kind: 'binary', op: next()!, left: node, right: term() };
    return node;
  };
  const left = sum();
  const op = next();
  if (op === undefined || !(COMPARISONS as readonly string[]).includes(op)) throw new UserError(`${where}: it needs one comparison (${COMPARISONS.join(' ')}).`, 2);
  const right = sum();
  if (at !== items.length) throw new UserError(`${where}: unexpected '${printable(items[at]!)}' after the comparison.`, 2);

  const evaluate = (node: Node, values: Readonly<Record<string, ParamValue>>): number => {
    switch (node.kind) {
      case 'number':
        return node.value;
      case 'name': {
        const value = values[node.name];
        if (typeof value !== 'number') throw new UserError(`${where}: parameter '${node.name}' is ${printable(String(value))}, not a number.`, 2);
        return value;
      }
      case 'negate':
        return -evaluate(node.of, values);
      case 'binary': {
        const a = evaluate(node.left, values);
        const b = evaluate(node.right, values);
        return node.op === '+' ? a + b : node.op === '-' ? a - b : node.op === '*' ? a * b : a / b;
      }
    }
  };
  return (values) => {
    const a = evaluate(left, values);
    const b = evaluate(right, values);
    switch (op) {
      case '<':
        return a < b;
      case '<=':
        return a <= b;
      case '>':
        return a > b;
      case '>=':
        return a >= b;
      case '==':
        return a === b;
      default:
        return a !== b;
    }
  };
}
