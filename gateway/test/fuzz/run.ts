/**
 * The long fuzz run, for sessions:
 *   npx vite-node test/fuzz/run.ts --minutes 10 --seed 42 [--out /tmp/lachan-fuzz] [--ocr on] [--focus changed]
 *
 * One process. Each failing input is written to the out folder (one per distinct failure) with its
 * seed and index, so `--replay FILE` runs it again. A watchdog child process kills this one if a
 * message blocks the event loop (a synchronous hang) and keeps the input that did it as hang-*.eml.
 *
 * OCR is off unless `--ocr on`: Tesseract has its own bound (OCR_MESSAGE_BUDGET_MS, 8 s a message),
 * above the 5 s this run calls a hang, and on one busy core a message of pictures reaches it (the
 * first run of 2025-11-25 reported such a message as a hang: 3.7–6 s with OCR, 32 ms without). With
 * `--ocr on` the bound for a hang is raised by that budget, so only OCR past its own bound counts.
 *
 * `--focus changed`: every message's first mutation is one aimed at recently changed code
 * (changed-code-mutators.ts), the rest drawn from all mutators as usual.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { OCR_MESSAGE_BUDGET_MS } from '../../src/scan/ocr/pictures.js';
import { useOcr } from '../../src/scan/ocr/tesseract.js';
import { fuzzEngine, loadSeeds, runOne, type RunResult } from './harness.js';
import { CHANGED_CODE_MUTATORS } from './changed-code-mutators.js';
import { mutate, Rng } from './mutators.js';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}

const minutes = Number(arg('minutes', '5'));
const seed = Number(arg('seed', String(Date.now() % 1e9)));
const out = arg('out', '/tmp/lachan-fuzz');
const replay = arg('replay', '');
const ocr = arg('ocr', 'off') === 'on';
const focus = arg('focus', '') === 'changed' ? Object.keys(CHANGED_CODE_MUTATORS) : undefined;
const hangMs = Number(arg('hang-ms', '5000')) + (ocr ? OCR_MESSAGE_BUDGET_MS : 0);
if (!ocr) useOcr({ enabled: false });
mkdirSync(out, { recursive: true });

const engine = await fuzzEngine();

if (replay) {
  const r = await runOne(readFileSync(replay), engine, { timeoutMs: hangMs });
  console.log(JSON.stringify(r, null, 2));
  process.exit(r.failure ? 1 : 0);
}

// Watchdog: if no "done" arrives within 4× the time bound, the event loop is stuck.
const current = path.join(out, 'current.eml');
const watchdog = spawn(
  process.execPath,
  [
    '-e',
    `
const fs = require('node:fs');
let timer, label;
const parent = ${process.pid};
require('node:readline').createInterface({ input: process.stdin }).on('line', (l) => {
  clearTimeout(timer);
  if (l.startsWith('start ')) {
    label = l.slice(6);
    timer = setTimeout(() => {
      try { fs.copyFileSync(${JSON.stringify(current)}, ${JSON.stringify(out)} + '/hang-' + label + '.eml'); } catch {}
      console.error('WATCHDOG: event loop blocked on ' + label + ', killing ' + parent);
      try { process.kill(parent, 'SIGKILL'); } catch {}
      process.exit(2);
    }, ${hangMs * 4});
  }
}).on('close', () => process.exit(0));
`,
  ],
  { stdio: ['pipe', 'inherit', 'inherit'] },
);
watchdog.unref();

const seeds = loadSeeds();
const seedText = seeds.map((s) => s.bytes.toString('latin1'));
const rng = new Rng(seed);
const deadline = Date.now() + minutes * 60_000;
const seen = new Map<string, number>();
const counts: Record<string, number> = {};
let n = 0;

console.log(`fuzz: seed ${seed}, ${seeds.length} seeds, ${minutes} min, OCR ${ocr ? 'on' : 'off'}${focus ? ', focus changed' : ''}, failures to ${out}`);
while (Date.now() < deadline) {
  const i = rng.int(seeds.length);
  let mutated: ReturnType<typeof mutate>;
  try {
    mutated = mutate(seedText[i]!, rng, seedText, focus);
  } catch (err) {
    // a mutator's own bug ends neither the run nor its replay by seed: counted, then the next message
    const sig = `mutator-error:${(err as Error).message.slice(0, 80)}`;
    if (!seen.has(sig)) console.log(`\n[mutator-error] ${seed}-${n} seed ${seeds[i]!.name}: ${(err as Error).stack?.split('\n').slice(0, 3).join(' | ').slice(0, 400)}`);
    seen.set(sig, (seen.get(sig) ?? 0) + 1);
    counts['mutator-error'] = (counts['mutator-error'] ?? 0) + 1;
    n++;
    continue;
  }
  const { msg, applied } = mutated;
  const raw = Buffer.from(msg, 'latin1');
  const label = `${seed}-${n}`;
  writeFileSync(current, raw);
  watchdog.stdin!.write(`start ${label}\n`);
  let r: RunResult;
  try {
    r = await runOne(raw, engine, { timeoutMs: hangMs });
  } catch (err) {
    r = { ms: 0, failure: { kind: 'exception', detail: `harness: ${(err as Error).stack}` } };
  }
  // the heap figure counts garbage not yet collected: a memory finding counts only if it repeats
  if (r.failure?.kind === 'memory') {
    const again = await runOne(raw, engine, { timeoutMs: hangMs });
    if (again.failure?.kind !== 'memory') r = { ...again, action: again.action ?? 'memory-noise' };
  }
  watchdog.stdin!.write('done\n');
  const key = r.failure ? r.failure.kind : (r.action ?? '?');
  if (r.actRefused && r.action === 'deliver') {
    const sig = `act-refused:${r.actRefused.replace(/\d+/g, '#').slice(0, 160)}`;
    const times = (seen.get(sig) ?? 0) + 1;
    seen.set(sig, times);
    if (times === 1) {
      writeFileSync(path.join(out, `act-refused-${label}.eml`), raw);
      console.log(`\n[act-refused] act-refused-${label}.eml (verdict ${r.action}) seed ${seeds[i]!.name} via ${applied.join('+')}\n  ${r.actRefused.slice(0, 300)}`);
    }
  }
  counts[key] = (counts[key] ?? 0) + 1;
  if (r.failure) {
    // one file per distinct failure (kind + first line of the detail, numbers blurred)
    const sig = `${r.failure.kind}:${r.failure.detail.split('\n').slice(0, 2).join(' ').replace(/\d+/g, '#').slice(0, 200)}`;
    const times = (seen.get(sig) ?? 0) + 1;
    seen.set(sig, times);
    // every hang is kept (up to 20): their detail says only that the time ran out, so one signature may hide several causes
    if (times === 1 || (r.failure.kind === 'hang' && times <= 20)) {
      const file = path.join(out, `${r.failure.kind}-${label}.eml`);
      writeFileSync(file, raw);
      console.log(`\n[${r.failure.kind}] ${file} (${raw.length} B, ${Math.round(r.ms)} ms) seed ${seeds[i]!.name} via ${applied.join('+')}\n  ${r.failure.detail.split('\n').slice(0, 6).join('\n  ')}`);
    }
  } else if (r.ms > Math.min(1000, hangMs / 2)) {
    console.log(`\n[slow] ${label} ${Math.round(r.ms)} ms (${raw.length} B) seed ${seeds[i]!.name} via ${applied.join('+')}`);
    writeFileSync(path.join(out, `slow-${label}.eml`), raw);
  }
  n++;
  if (n % 200 === 0) process.stdout.write(`${n} `);
}
watchdog.stdin!.end();
console.log(`\nfuzz: ${n} messages, outcomes ${JSON.stringify(counts)}, distinct failures ${seen.size}`);
for (const [sig, times] of seen) console.log(`  ${times}× ${sig}`);
