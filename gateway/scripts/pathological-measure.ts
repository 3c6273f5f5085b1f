/**
 * Time and peak memory of parseMessage on the pathological messages (test/support/pathological-mail.ts),
 * with BodyExtractor (bodies.ts) and with mailparser (the reference parser), each case in a process
 * of its own so one case's peak does not hide another's:
 *   npx vite-node scripts/pathological-measure.ts [filter]
 * Prints one row per case: wall time, peak RSS above the RSS after the input was built, and the
 * problems reported. Not a test: times and memory depend on the machine.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PATHOLOGICAL } from '../test/support/pathological-mail.js';

const MB = 1024 * 1024;
const TIMEOUT_MS = 300_000;
const args = process.argv.slice(2);

if (args[0] === '--one') {
  const { DEFAULT_LIMITS } = await import('../src/config/defaults.js');
  const { parseMessage, releaseMessage } = await import('../src/parse/index.js');
  const { mailparserReference } = await import('../test/support/mailparser-reference.js');
  // the input is read from a file the parent wrote: building it here would raise the peak first
  const raw = readFileSync(args[1]!);
  const before = process.memoryUsage().rss;
  const maxBefore = process.resourceUsage().maxRSS * 1024;
  let heapPeak = process.memoryUsage().heapUsed;
  const heap0 = heapPeak;
  const sampler = setInterval(() => (heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed)), 10);
  const start = performance.now();
  const m = await parseMessage(raw, DEFAULT_LIMITS, args[2] === 'mailparser' ? { parser: mailparserReference } : {});
  const ms = performance.now() - start;
  clearInterval(sampler);
  const maxAfter = process.resourceUsage().maxRSS * 1024;
  process.stdout.write(
    JSON.stringify({
      ms,
      size: raw.length,
      peakRss: Math.max(0, maxAfter - Math.max(before, maxBefore)),
      heapPeak: heapPeak - heap0,
      text: m.text.length,
      html: m.html.length,
      attachments: m.attachments.length,
      problems: [...new Set(m.problems.map((p) => p.code))],
      parseError: m.problems.find((p) => p.code === 'parse-error')?.detail.slice(0, 100),
    }) + '\n',
  );
  await releaseMessage(m);
  process.exit(0);
}

const self = fileURLToPath(import.meta.url);
const mb = (n: number) => `${(n / MB).toFixed(0)} MB`;
for (const [i, c] of PATHOLOGICAL.entries()) {
  if (args[0] && !c.name.includes(args[0])) continue;
  const row: string[] = [c.name];
  const file = path.join(tmpdir(), `pathological-${process.pid}-${i}.eml`);
  writeFileSync(file, c.build());
  for (const which of ['ours', 'mailparser']) {
    const run = spawnSync('npx', ['vite-node', self, '--', '--one', file, which], { encoding: 'utf8', timeout: TIMEOUT_MS, maxBuffer: 16 * MB });
    const line = run.stdout.trim().split('\n').pop() ?? '';
    if (run.status !== 0 || !line.startsWith('{')) {
      row.push(`${which}: FAILED (${run.signal ?? run.status}) ${run.stderr.slice(-300)}`);
      continue;
    }
    const r = JSON.parse(line) as { ms: number; size: number; peakRss: number; heapPeak: number; problems: string[]; parseError?: string; text: number; html: number; attachments: number };
    if (row.length === 1) row.push(`input ${mb(r.size)}`);
    row.push(
      `${which}: ${r.ms.toFixed(0)} ms, +${mb(r.peakRss)} RSS, +${mb(r.heapPeak)} heap, text ${r.text} html ${r.html} att ${r.attachments}, [${r.problems.join(' ')}]${r.parseError ? ` (${r.parseError})` : ''}`,
    );
  }
  rmSync(file, { force: true });
  console.log(row.join('\n  '));
}
