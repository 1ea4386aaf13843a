import { readFileSync } from 'node:fs';
import { UserError } from '../errors.js';
import { CELL, GridWorld, ROBOT_RULES, type GridRules } from './world.js';

const ALLOWED = new Set<number>(Object.values(CELL));

/**
 * Parses a world CSV: rows of integers 0 empty, 1 obstacle, 2 start, 3 goal, 5 quicksand, all
 * rows the same length, exactly one start and one goal. Errors name the source, line and field.
 */
export function parseWorld(text: string, source: string, rules: GridRules = ROBOT_RULES): GridWorld {
  const lines = text.split(/\r?\n/);
  while (lines.length > 0 && lines[lines.length - 1].trim() === '') lines.pop();
  if (lines.length === 0) throw new UserError(`${source}: the world file is empty.`);
  const cells: number[] = [];
  let cols = -1;
  let start = -1;
  let goal = -1;
  lines.forEach((line, r) => {
    const fields = line.split(',');
    if (cols === -1) cols = fields.length;
    if (fields.length !== cols) {
      throw new UserError(`${source}:${r + 1}: expected ${cols} fields like the first row, got ${fields.length}.`);
    }
    fields.forEach((field, c) => {
      const text = field.trim();
      const value = Number(text);
      if (text === '' || !Number.isInteger(value) || !ALLOWED.has(value)) {
        throw new UserError(
          `${source}:${r + 1}: field ${c + 1} must be one of 0 (empty), 1 (obstacle), 2 (start), 3 (goal), 5 (quicksand), got '${field}'.`,
        );
      }
      const state = r * cols + c;
      if (value === CELL.start) {
        if (start !== -1) throw new UserError(`${source}:${r + 1}: field ${c + 1} is a second start (2); a world has one.`);
        start = state;
      }
      if (value === CELL.goal) {
        if (goal !== -1) throw new UserError(`${source}:${r + 1}: field ${c + 1} is a second goal (3); a world has one.`);
        goal = state;
      }
      cells.push(value);
    });
  });
  if (start === -1) throw new UserError(`${source}: no start cell (2) in the world.`);
  if (goal === -1) throw new UserError(`${source}: no goal cell (3) in the world.`);
  return new GridWorld(lines.length, cols, Uint8Array.from(cells), start, goal, rules);
}

export function loadWorld(path: string, rules: GridRules = ROBOT_RULES): GridWorld {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UserError(`${path}: cannot read the world file (${code === 'ENOENT' ? 'no such file' : code ?? 'error'}).`);
  }
  return parseWorld(text, path, rules);
}
