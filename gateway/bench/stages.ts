/**
 * In-process cost of each stage of the mail path for one benchmark message, without the network:
 * parse, every scanner on its own, the policy decision, and act/. `npx vite-node bench/stages.ts [KB] [N]`.
 * A quick way to see where per-message CPU goes before and after a change (the real figures are
 * `npm run bench`).
 */
import { Readable } from 'node:stream';
import path from 'node:path';
import { pino } from 'pino';
import { applyActions } from '../src/act/index.js';
import { loadConfig } from '../src/config/index.js';
import { parseMessage } from '../src/parse/index.js';
import { decide } from '../src/policy/engine.js';
import { createEngine } from '../src/pipeline/engine.js';
import { DEFAULT_SCANNERS } from '../src/scan/index.js';
import type { ScanContext } from '../src/scan/types.js';
import { benchMessage, BENCH_FROM, BENCH_TO } from './messages.js';

const kb = Number(process.argv[2] ?? 10);
const n = Number(process.argv[3] ?? 1000);
const raw = benchMessage(kb * 1024);
const root = path.resolve(import.meta.dirname, '../..');
const config = loadConfig({ ...process.env, LACHAN_POLICY_DIR: path.join(root, 'policies'), LACHAN_CLAMD: process.env.LACHAN_CLAMD ?? 'tcp://127.0.0.1:1' });
const engine = await createEngine(config, pino({ level: 'silent' }));
const times = new Map<string, number>();
const add = (k: string, ms: number) => times.set(k, (times.get(k) ?? 0) + ms);

for (let i = 0; i < n + 100; i++) {
  const measure = i >= 100;
  let t = performance.now();
  const parsed = await parseMessage(raw, engine.limits);
  if (measure) add('parse', performance.now() - t);
  const ctx: ScanContext = {
    policy: engine.policy, limits: engine.limits, clamd: engine.clamd, log: engine.log,
    envelope: { mailFrom: BENCH_FROM, rcptTo: [BENCH_TO], remoteAddress: '127.0.0.1', helo: 'bench' },
    raw: () => Readable.from([raw]), resolver: engine.resolver,
  };
  const findings = [];
  for (const s of DEFAULT_SCANNERS) {
    t = performance.now();
    findings.push(...(await s.scan(parsed, ctx)));
    if (measure) add(`scan:${s.name}`, performance.now() - t);
  }
  t = performance.now();
  const verdict = decide(findings, engine.policy);
  if (measure) add('policy', performance.now() - t);
  t = performance.now();
  for await (const _ of applyActions(Readable.from([raw]), { ref: 'R', verdict, strip: [], gatewayName: 'g' })) void _;
  if (measure) add('act', performance.now() - t);
}
let total = 0;
for (const [k, v] of times) total += v;
console.log(`${raw.length} bytes, ${n} messages: ${(total / n).toFixed(3)} ms per message in these stages`);
for (const [k, v] of [...times].sort((a, b) => b[1] - a[1])) console.log(`${k.padEnd(20)} ${(v / n).toFixed(3)} ms  ${((100 * v) / total).toFixed(1)}%`);
await engine.clamd.close?.();
process.exit(0);
