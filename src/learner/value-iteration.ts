import type { FactoredModelData, Solution } from './factored-model.js';
import { VALUE_ITERATION_WASM } from './value-iteration-wasm.js';

/**
 * Value iteration of a FactoredModel in WebAssembly (value-iteration.wat): the default learner's
 * planner runs there because the same loops in TypeScript ran at 0.31-0.56x of the C reference
 * (src/bench/value-iteration.c) and in WebAssembly at about 0.9x. The arithmetic is the same
 * operations in the same order, so Q, sweeps and residual are the same to the last bit.
 *
 * One instance per thread, compiled at the first solve (about 1 KB of code). Each call lays the
 * model out in the instance's memory (a few kilobytes for a trading agent) and runs there.
 */
interface ValueIterationExports {
  readonly memory: { readonly buffer: ArrayBuffer; grow(pages: number): number };
  layout(...offsets: number[]): void;
  solve(tolerance: number, maxSweeps: number): number;
  measureOnly(): number;
  sweeps(): number;
}

/** The part of the WebAssembly global used here (the project's TypeScript libraries do not declare it). */
interface WebAssemblyApi {
  readonly Module: new (bytes: Uint8Array) => object;
  readonly Instance: new (module: object, imports: object) => { readonly exports: unknown };
}

let kernel: ValueIterationExports | null = null;

function instance(): ValueIterationExports {
  if (kernel === null) {
    const wasm = (globalThis as unknown as { WebAssembly: WebAssemblyApi }).WebAssembly;
    kernel = new wasm.Instance(new wasm.Module(Buffer.from(VALUE_ITERATION_WASM, 'base64')), {}).exports as ValueIterationExports;
  }
  return kernel;
}

const PAGE_BYTES = 65_536;

/** Lays out `model`, `rowTotal` and `q` in the kernel's memory; returns the q view (valid until the next layout). */
function layOut(model: FactoredModelData, rowTotal: Float64Array, q: Float64Array): { readonly kernel: ValueIterationExports; readonly q: Float64Array } {
  const k = instance();
  const { numExogenous: X, numControl: C, numActions: A } = model;
  const pairs = X * C * A;
  const successors = model.successorState.length;
  let end = 8;
  // each array at an 8-byte boundary
  const place = (bytes: number) => {
    const at = end;
    end += Math.ceil(bytes / 8) * 8;
    return at;
  };
  const at = {
    nextControl: place(4 * C * A),
    successorStart: place(4 * (X + 1)),
    successorState: place(4 * successors),
    successorCount: place(8 * successors),
    reward: place(8 * pairs),
    terminal: place(8 * pairs),
    allowed: place(X * C),
    rowTotal: place(8 * X),
    values: place(8 * X * C),
    expected: place(8 * C),
    q: place(8 * pairs),
  };
  if (end > k.memory.buffer.byteLength) k.memory.grow(Math.ceil((end - k.memory.buffer.byteLength) / PAGE_BYTES));
  const buffer = k.memory.buffer;
  new Int32Array(buffer, at.nextControl, C * A).set(model.nextControl);
  new Int32Array(buffer, at.successorStart, X + 1).set(model.successorStart);
  new Int32Array(buffer, at.successorState, successors).set(model.successorState);
  new Float64Array(buffer, at.successorCount, successors).set(model.successorCount);
  new Float64Array(buffer, at.reward, pairs).set(model.reward);
  new Float64Array(buffer, at.terminal, pairs).set(model.terminal);
  new Uint8Array(buffer, at.allowed, X * C).set(model.allowed);
  new Float64Array(buffer, at.rowTotal, X).set(rowTotal);
  const inMemory = new Float64Array(buffer, at.q, pairs);
  inMemory.set(q);
  k.layout(X, C, A, model.gamma, at.nextControl, at.successorStart, at.successorState, at.successorCount, at.reward, at.terminal, at.allowed, at.rowTotal, at.values, at.expected, at.q);
  return { kernel: k, q: inMemory };
}

/**
 * Value iteration (Gauss-Seidel sweeps over x) from `start` until the Bellman residual is at most
 * `tolerance` or after `maxSweeps` sweeps. `rowTotal` is each row's total count.
 */
export function solveValueIteration(model: FactoredModelData, rowTotal: Float64Array, tolerance: number, maxSweeps: number, start: Float64Array): Solution {
  const { kernel: k, q } = layOut(model, rowTotal, start);
  // the kernel counts sweeps in an i32: a larger cap (Infinity) is the largest it can count; 2.5 allows 3, as `sweeps < 2.5` did
  const residual = k.solve(tolerance, Math.max(0, Math.min(Math.ceil(maxSweeps), 0x7fffffff)));
  return { q: q.slice(), residual, sweeps: k.sweeps() };
}

/** max over pairs of |Q - BQ| for `q`. */
export function bellmanResidual(model: FactoredModelData, rowTotal: Float64Array, q: Float64Array): number {
  return layOut(model, rowTotal, q).kernel.measureOnly();
}
