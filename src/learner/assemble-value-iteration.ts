import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * Assembles value-iteration.wat into the bytes that value-iteration-wasm.ts embeds (base64), with
 * WABT's wat2wasm (the `wabt` package, a development dependency: an installed dynaq never
 * assembles). `npm run wasm` rewrites the embedded module; a test checks it is up to date.
 */

/** This file is src/learner/ (tests) or dist/src/learner/ (built): the sources are in src/learner/. */
const SOURCE_DIR = new URL(import.meta.url.endsWith('.js') ? '../../../src/learner/' : './', import.meta.url);
export const WAT_FILE = fileURLToPath(new URL('value-iteration.wat', SOURCE_DIR));
export const EMBEDDED_FILE = fileURLToPath(new URL('value-iteration-wasm.ts', SOURCE_DIR));

export async function assembleValueIteration(): Promise<Uint8Array> {
  const { default: loadWabt } = await import('wabt');
  const wabt = await loadWabt();
  const module = wabt.parseWat('value-iteration.wat', readFileSync(WAT_FILE, 'utf8'));
  try {
    module.validate();
    return Uint8Array.from(module.toBinary({}).buffer);
  } finally {
    module.destroy();
  }
}

/** The text of value-iteration-wasm.ts for `bytes`. */
export function embeddedModuleText(bytes: Uint8Array): string {
  const base64 = Buffer.from(bytes).toString('base64');
  const lines = base64.match(/.{1,100}/g) ?? [];
  return [
    '// Generated from value-iteration.wat by `npm run wasm` (src/learner/assemble-value-iteration.ts): do not edit.',
    '/** The value-iteration kernel, WebAssembly bytes in base64. */',
    'export const VALUE_ITERATION_WASM =',
    ...lines.map((line, i) => `  '${line}'${i === lines.length - 1 ? ';' : ' +'}`),
    '',
  ].join('\n');
}

/** Rewrites value-iteration-wasm.ts from value-iteration.wat. */
export async function writeEmbeddedModule(): Promise<void> {
  const text = embeddedModuleText(await assembleValueIteration());
  writeFileSync(`${EMBEDDED_FILE}.tmp`, text);
  renameSync(`${EMBEDDED_FILE}.tmp`, EMBEDDED_FILE);
}
