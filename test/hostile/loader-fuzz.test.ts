import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { readPriceFile } from '../../src/data/price-file.js';
import { isUserError } from '../../src/errors.js';
import { SAMPLE_DATA } from '../helpers/sample-data.js';

/** Every outcome of reading `bytes` is rows or a UserError: never another exception. */
function readsOrRefuses(bytes: Uint8Array): boolean {
  try {
    const rows = readPriceFile('FUZZ.csv', Buffer.from(bytes));
    // what is read is well formed: ascending unique dates, positive finite prices where present
    for (let i = 1; i < rows.dates.length; i++) if (!(rows.dates[i]! > rows.dates[i - 1]!)) return false;
    for (const column of [rows.open, rows.high, rows.low, rows.close, rows.adjClose]) {
      for (const value of column) if (!(Number.isNaN(value) || (value > 0 && value <= 1e9))) return false;
    }
    return true;
  } catch (error) {
    if (!isUserError(error)) throw error;
    return (error as Error).message.length <= 400 && !(error as Error).message.includes('\u0000');
  }
}

const VALID = readFileSync(join(SAMPLE_DATA, 'SYN-TREND.csv')).subarray(0, 4000);

describe('loader fuzz: random and mutated bytes give rows or a UserError, nothing else', () => {
  it('random bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 600 }), readsOrRefuses), { numRuns: 400, seed: 1 });
  });

  it('random text made of CSV-ish characters', () => {
    const alphabet = fc.constantFrom(...'0123456789-.,:;"\r\n eE+naNDateOpnHighLowClsVumAdj/'.split(''));
    fc.assert(fc.property(fc.array(alphabet, { maxLength: 400 }).map((chars) => new TextEncoder().encode(chars.join(''))), readsOrRefuses), {
      numRuns: 400,
      seed: 2,
    });
  });

  it('a valid file with bytes flipped, inserted and deleted', () => {
    const mutation = fc.array(
      fc.tuple(fc.constantFrom('flip', 'insert', 'delete'), fc.nat({ max: VALID.length - 1 }), fc.integer({ min: 0, max: 255 })),
      { minLength: 1, maxLength: 8 },
    );
    fc.assert(
      fc.property(mutation, (edits) => {
        let bytes = Array.from(VALID);
        for (const [kind, at, value] of edits) {
          const position = Math.min(at, bytes.length - 1);
          if (kind === 'flip') bytes[position] = value;
          else if (kind === 'insert') bytes.splice(position, 0, value);
          else bytes.splice(position, 1);
        }
        return readsOrRefuses(Uint8Array.from(bytes));
      }),
      { numRuns: 400, seed: 3 },
    );
  });
});
