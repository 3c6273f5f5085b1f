/**
 * How the whole scan's time grows with hostile input: for each shape of scripts/scan-shapes.ts
 * (100k links, a 4 MB line, 100k open tags, 10k attachments, a 65k-entry zip, ...) and each size,
 * the time of `lachan scan`'s own code (cli/scan.ts scanOne: parse → every scanner → policy), then
 * the same message stage by stage (parse, each scanner on its own, the act stage with a banner and
 * every attachment stripped), each shape in a process of its own:
 *
 *   npx vite-node scripts/scan-scaling.ts [--sizes 0.25,0.5,1,2,4] [--repeat N] [--json] [name filter...]
 *
 * --repeat N scans each size N times and keeps the fastest (on a busy machine the slowest runs are
 * other processes' time). *
 * OCR is off; clamd is LACHAN_CLAMD when set, otherwise a stand-in that answers "clean" at once;
 * DNS is a local server that answers NXDOMAIN to everything (no network). A row is flagged
 * SLOW when its largest size takes over 2 s, SUPERLINEAR when doubling the size multiplies the
 * time by more than 3 (above 100 ms), and HEAP when the heap after scanning grows by more than
 * 20 × the input. Not a test: times depend on the machine.
 */
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { SHAPES } from './scan-shapes.js';

const MB = 1024 * 1024;
const SHAPE_TIMEOUT_MS = 15 * 60_000;
const args = process.argv.slice(2);

/** The parts of DEFAULT_SCANNERS (scan/index.ts), in its order. */
const SCANNER_LABELS = ['structure', 'auth', 'sender', 'urls', 'attachments', 'content', 'identity', 'brand', 'html', 'links', 'image-text', 'pdf-text'];

interface Row {
  size: number;
  total: number;
  stages: Record<string, number>;
  heap: number;
  action: string;
  findings: number;
  error?: string;
}

async function one(index: number, sizes: number[], repeat: number): Promise<void> {
  const { loadConfig } = await import('../src/config/index.js');
  const { createEngine } = await import('../src/pipeline/engine.js');
  const { scanOne } = await import('../src/cli/scan.js');
  const { silentLogger } = await import('../src/log.js');
  const { useOcr } = await import('../src/scan/ocr/tesseract.js');
  const { useQrThread } = await import('../src/scan/qr/off-thread.js');
  const { parseMessage, releaseMessage } = await import('../src/parse/index.js');
  const { DEFAULT_SCANNERS } = await import('../src/scan/index.js');
  const { ArchivePdfs } = await import('../src/scan/pdf-text/archive-pdfs.js');
  const { decide } = await import('../src/policy/engine.js');
  const { applyActions, stripTargets } = await import('../src/act/index.js');
  const { previewActions } = await import('../src/act/preview.js');
  const { startTestDns } = await import('../src/scan/auth/test-dns.js');
  const shape = SHAPES[index]!;
  const dns = await startTestDns({});
  const root = path.resolve(import.meta.dirname, '../..');
  const config = loadConfig({
    ...process.env,
    LACHAN_POLICY_DIR: path.join(root, 'policies'),
    LACHAN_CLAMD: process.env.LACHAN_CLAMD ?? 'tcp://127.0.0.1:1',
    LACHAN_DNS_SERVERS: dns.server,
    LACHAN_OCR: 'false',
  });
  useQrThread(config.qrThread);
  useOcr({ enabled: false });
  const engine = await createEngine(config, silentLogger());
  if (!process.env.LACHAN_CLAMD) {
    await engine.clamd.close();
    engine.clamd = { address: 'stand-in', scan: async (data) => {
        if (data instanceof Readable) for await (const chunk of data) void chunk;
        return { infected: false };
      }, ping: async () => {}, close: async () => {} };
  }
  const file = path.join(tmpdir(), `scan-scaling-${process.pid}.eml`);
  // a small run first, so the first measured size does not pay for loading and compiling
  for (const size of [16 * 1024, ...sizes.map((s) => s * MB)]) {
    const raw = shape.build(size);
    writeFileSync(file, raw);
    global.gc?.();
    const heap0 = process.memoryUsage().heapUsed;
    let t = performance.now();
    let line = await scanOne(file, engine);
    let total = performance.now() - t;
    const heap = process.memoryUsage().heapUsed - heap0;
    for (let r = 1; r < repeat; r++) {
      t = performance.now();
      line = await scanOne(file, engine);
      total = Math.min(total, performance.now() - t);
    }
    const stages: Record<string, number> = {};
    t = performance.now();
    const parsed = await parseMessage(raw, engine.limits, { size: raw.length });
    stages.parse = performance.now() - t;
    const ctx = {
      policy: engine.policy, limits: engine.limits, clamd: engine.clamd, log: engine.log,
      raw: () => Readable.from([raw]), resolver: engine.resolver, archivePdfs: new ArchivePdfs(),
    };
    const findings = [];
    for (const [k, s] of DEFAULT_SCANNERS.entries()) {
      // several scanners share a group name (the name their findings carry): label them by their part
      const label = DEFAULT_SCANNERS.length === SCANNER_LABELS.length ? SCANNER_LABELS[k]! : `${s.name}#${k}`;
      t = performance.now();
      try {
        findings.push(...(await s.scan(parsed, ctx)));
      } catch (err) {
        stages[`${label}!`] = 0;
        void err;
      }
      stages[label] = performance.now() - t;
    }
    t = performance.now();
    const verdict = decide(findings, engine.policy);
    stages.policy = performance.now() - t;
    t = performance.now();
    // the act stage at its most expensive: a banner, and every attachment it can strip stripped
    const strip = stripTargets(parsed.attachments, parsed.attachments.map((a) => a.id));
    const plan = { ref: 'R', verdict: { ...verdict, warning: true }, strip, gatewayName: 'g' };
    try {
      await previewActions(Readable.from([raw]), plan);
      for await (const chunk of applyActions(Readable.from([raw]), plan)) void chunk;
    } catch (err) {
      stages['act!'] = 0;
      void err;
    }
    stages.act = performance.now() - t;
    await releaseMessage(parsed);
    if (size < sizes[0]! * MB) continue;
    const row: Row = { size: raw.length, total, stages, heap, action: line.action, findings: line.findings.length, ...(line.error ? { error: line.error.slice(0, 120) } : {}) };
    process.stdout.write(JSON.stringify(row) + '\n');
    if (total + Object.values(stages).reduce((a, b) => a + b, 0) > 120_000) break; // the next size would take too long
  }
  rmSync(file, { force: true });
  await engine.clamd.close();
  await dns.close();
  process.exit(0);
}

if (args[0] === '--one') {
  await one(Number(args[1]), args[2]!.split(',').map(Number), Number(args[3] ?? 1));
} else {
  const sizesArg = args.indexOf('--sizes');
  const sizes = sizesArg >= 0 ? args[sizesArg + 1]!.split(',').map(Number) : [0.25, 0.5, 1, 2, 4];
  const repeatArg = args.indexOf('--repeat');
  const repeat = repeatArg >= 0 ? Number(args[repeatArg + 1]) : 1;
  const json = args.includes('--json');
  const filters = args.filter((a, i) => !a.startsWith('--') && args[i - 1] !== '--sizes' && args[i - 1] !== '--repeat');
  const self = fileURLToPath(import.meta.url);
  const ms = (n: number) => (n >= 1000 ? `${(n / 1000).toFixed(1)} s` : `${n.toFixed(0)} ms`);
  if (!json) console.log(`| shape | ${sizes.map((s) => `${s} MB`).join(' | ')} | slowest stage at the largest size | flags |\n|---|${sizes.map(() => '---|').join('')}---|---|`);
  for (const [i, shape] of SHAPES.entries()) {
    if (filters.length && !filters.some((f) => shape.name.includes(f))) continue;
    const run = spawnSync('npx', ['vite-node', self, '--', '--one', String(i), sizes.join(','), String(repeat)], {
      encoding: 'utf8', timeout: SHAPE_TIMEOUT_MS, maxBuffer: 16 * MB, env: { ...process.env, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --expose-gc` },
    });
    const rows = run.stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Row);
    if (json) {
      console.log(JSON.stringify({ shape: shape.name, rows, ...(run.status !== 0 ? { failed: `${run.signal ?? run.status} ${run.stderr.slice(-300)}` } : {}) }));
      continue;
    }
    const flags: string[] = [];
    const last = rows.at(-1);
    if (run.status !== 0) flags.push(`FAILED (${run.signal ?? run.status})${rows.length < sizes.length ? ` after ${rows.length} sizes` : ''}`);
    if (last && last.total > 2000) flags.push('SLOW');
    for (let k = 1; k < rows.length; k++) {
      const a = rows[k - 1]!;
      const b = rows[k]!;
      if (b.total > 100 && b.total / a.total > 1.5 * (b.size / a.size)) {
        flags.push(`SUPERLINEAR ×${(b.total / a.total).toFixed(1)} for ×${(b.size / a.size).toFixed(1)}`);
        break;
      }
    }
    if (last && last.heap > 20 * last.size) flags.push(`HEAP +${(last.heap / MB).toFixed(0)} MB`);
    if (rows.some((r) => r.error)) flags.push(`error: ${rows.find((r) => r.error)!.error}`);
    const slowest = last ? Object.entries(last.stages).sort((a, b) => b[1] - a[1]).slice(0, 2).map(([k, v]) => `${k} ${ms(v)}`).join(', ') : '';
    const cells = sizes.map((_, k) => (rows[k] ? `${ms(rows[k].total)}` : '—'));
    console.log(`| ${shape.name} | ${cells.join(' | ')} | ${slowest} | ${flags.join('; ')} |`);
  }
}
