/**
 * BodyExtractor (src/parse/bodies.ts) against mailparser over a folder of .eml files, read in
 * place: prints every file whose parse differs, field by field, and the count.
 *   npx vite-node scripts/bodies-equivalence.ts [folder ...]   (default: ../test-fixtures)
 *   npx vite-node scripts/bodies-equivalence.ts --fuzz N [seed]  (N fuzzer mutations of the fixtures)
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { mutate, Rng } from '../test/fuzz/mutators.js';
import { emlFilesUnder as emlFiles } from '../test/support/fixture-files.js';
import { differences } from '../test/support/mailparser-reference.js';

const args = process.argv.slice(2);
const fuzz = args[0] === '--fuzz' ? Number(args[1] ?? 1000) : 0;
const files = (fuzz || args.length === 0 ? [path.resolve('../test-fixtures')] : args).flatMap(emlFiles);
const inputs: Array<{ name: string; raw: () => Buffer }> = [];
if (fuzz) {
  const seeds = files.map((f) => readFileSync(f).toString('latin1'));
  const rng = new Rng(Number(args[2] ?? 1));
  for (let i = 0; i < fuzz; i++) {
    const { msg, applied } = mutate(rng.pick(seeds), rng, seeds);
    inputs.push({ name: `fuzz #${i} (${applied.join(', ')})`, raw: () => Buffer.from(msg, 'latin1') });
  }
} else {
  for (const file of files) inputs.push({ name: file, raw: () => readFileSync(file) });
}
let differing = 0;
for (const input of inputs) {
  const diffs = await differences(input.raw());
  if (diffs.length === 0) continue;
  differing++;
  console.log(`\n${input.name}`);
  for (const d of diffs) {
    const show = (v: unknown) => JSON.stringify(v)?.slice(0, 600);
    console.log(`  ${d.field}\n    ours:       ${show(d.ours)}\n    mailparser: ${show(d.reference)}`);
  }
}
console.log(`\n${inputs.length} messages, ${differing} differ`);
