import type { Rng } from '../learner/rng.js';

/** Cell codes of the world files (docs/DOMAIN.md, 7. robot worlds). */
export const CELL = { empty: 0, obstacle: 1, start: 2, goal: 3, quicksand: 5 } as const;

/** Actions: 0 north, 1 east, 2 south, 3 west. */
export const NUM_ACTIONS = 4;
const ROW_STEP = [-1, 0, 1, 0];
const COL_STEP = [0, 1, 0, -1];

export interface GridRules {
  /** Probability that the move is replaced by a uniformly random direction (may be the same). */
  slipProbability: number;
  /** Reward of an ordinary step, including a bump into a wall or the edge. */
  stepReward: number;
  /** Reward of the step that reaches the goal. */
  goalReward: number;
  /** Reward of a step onto quicksand. */
  quicksandReward: number;
}

/** The course's robot navigation rules (docs/DOMAIN.md, 7. robot worlds). */
export const ROBOT_RULES: GridRules = { slipProbability: 0.2, stepReward: -1, goalReward: 1, quicksandReward: -100 };

/**
 * A grid world; state = row * cols + col (row * 10 + column for the 10 x 10 course worlds).
 * A move off the grid or into an obstacle leaves the robot where it was.
 */
export class GridWorld {
  readonly rows: number;
  readonly cols: number;
  readonly cells: Uint8Array;
  readonly start: number;
  readonly goal: number;
  readonly rules: GridRules;
  /** Reward of the last `step`. */
  reward = 0;

  constructor(rows: number, cols: number, cells: Uint8Array, start: number, goal: number, rules: GridRules) {
    if (cells.length !== rows * cols) throw new Error(`GridWorld: ${cells.length} cells for ${rows} x ${cols}`);
    this.rows = rows;
    this.cols = cols;
    this.cells = cells;
    this.start = start;
    this.goal = goal;
    this.rules = rules;
  }

  get numStates(): number {
    return this.rows * this.cols;
  }

  state(row: number, col: number): number {
    return row * this.cols + col;
  }

  /** Changes a cell (e.g. the shortcut maze opening a gap in its wall). */
  setCell(row: number, col: number, value: number): void {
    this.cells[this.state(row, col)] = value;
  }

  /**
   * Moves from `state` with `action`; returns the next state and leaves its reward in
   * `this.reward`. The slip draw (and the random direction) come from `rng`.
   */
  step(state: number, action: number, rng: Rng): number {
    const rules = this.rules;
    let direction = action;
    if (rules.slipProbability > 0 && rng.next() < rules.slipProbability) direction = rng.int(NUM_ACTIONS);
    const next = this.move(state, direction);
    if (next === state) this.reward = rules.stepReward;
    else if (next === this.goal) this.reward = rules.goalReward;
    else if (this.cells[next] === CELL.quicksand) this.reward = rules.quicksandReward;
    else this.reward = rules.stepReward;
    return next;
  }

  /** Deterministic move: the neighbour in `direction`, or `state` itself at an edge or obstacle. */
  move(state: number, direction: number): number {
    const row = Math.floor(state / this.cols) + ROW_STEP[direction];
    const col = (state % this.cols) + COL_STEP[direction];
    if (row < 0 || row >= this.rows || col < 0 || col >= this.cols) return state;
    const next = row * this.cols + col;
    return this.cells[next] === CELL.obstacle ? state : next;
  }

  /** The grid as text rows (for messages and the terminal). */
  render(): string {
    const lines: string[] = [];
    for (let r = 0; r < this.rows; r++) lines.push(Array.from(this.cells.subarray(r * this.cols, (r + 1) * this.cols)).join(','));
    return lines.join('\n');
  }
}
