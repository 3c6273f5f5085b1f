#!/usr/bin/env node
/**
 * `npm run eval -- DIR`: detection on a labelled corpus, through the same evaluate() as the SMTP
 * path (it is `lachan scan` over every .eml below DIR). A file is labelled by the folders on its
 * path: `phish` or `spam` → should be caught, `ham` → should pass untouched.
 * "caught" = quarantined, refused, or delivered with a warning banner.
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { loadConfig } from '../config/index.js';
import { silentLogger } from '../log.js';
import { createEngine } from '../pipeline/engine.js';
import { scanOne, type ScanLine } from './scan.js';

async function* walk(dir: string): AsyncGenerator<string> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(p);
    else if (entry.name.endsWith('.eml')) yield p;
  }
}

function label(file: string): 'bad' | 'good' | undefined {
  const parts = file.split(path.sep);
  if (parts.includes('phish') || parts.includes('spam')) return 'bad';
  if (parts.includes('ham')) return 'good';
  return undefined;
}

interface Tally {
  files: number;
  deliver: number;
  warning: number;
  quarantine: number;
  reject: number;
  tempfail: number;
  ms: number;
  rules: Map<string, number>;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const json = args.includes('--json');
  const root = args.find((a) => !a.startsWith('--'));
  if (!root) {
    process.stderr.write('usage: npm run eval -- DIR [--json]\n');
    process.exitCode = 2;
    return;
  }
  const config = loadConfig();
  const engine = await createEngine(config, silentLogger(), config.policyDir);
  const { clamd } = engine;
  const groups = new Map<string, Tally>();
  try {
    for await (const file of walk(path.resolve(root))) {
      const started = performance.now();
      const line: ScanLine = await scanOne(file, engine);
      const ms = performance.now() - started;
      if (json) process.stdout.write(JSON.stringify(line) + '\n');
      const group = path.relative(path.resolve(root), path.dirname(file)) || '.';
      const t = groups.get(group) ?? { files: 0, deliver: 0, warning: 0, quarantine: 0, reject: 0, tempfail: 0, ms: 0, rules: new Map() };
      groups.set(group, t);
      t.files++;
      t.ms += ms;
      if (line.action === 'deliver') t[line.warning ? 'warning' : 'deliver']++;
      else t[line.action]++;
      for (const rule of new Set(line.findings.filter((f) => f.rule && f.mode !== 'monitor').map((f) => f.rule))) {
        t.rules.set(rule, (t.rules.get(rule) ?? 0) + 1);
      }
    }
  } finally {
    await clamd.close();
  }
  const pct = (n: number, d: number) => (d ? `${((100 * n) / d).toFixed(1)}%` : '—');
  const out: string[] = [
    '| folder | label | files | caught | held (quarantine+reject) | warned | delivered clean | tempfail | ms/file |',
    '|---|---|---|---|---|---|---|---|---|',
  ];
  for (const [group, t] of [...groups].sort()) {
    const held = t.quarantine + t.reject;
    out.push(
      `| ${group} | ${label(path.join(root, group, 'x.eml')) ?? '?'} | ${t.files} | ${pct(held + t.warning, t.files)} | ${pct(held, t.files)} | ${pct(t.warning, t.files)} | ${pct(t.deliver, t.files)} | ${t.tempfail} | ${(t.ms / t.files).toFixed(1)} |`,
    );
  }
  out.push('', 'Rules that fired (files per folder):');
  for (const [group, t] of [...groups].sort()) {
    const top = [...t.rules].sort((a, b) => b[1] - a[1]).slice(0, 10).map(([r, n]) => `${r} ${n}`).join(', ');
    out.push(`- ${group}: ${top || '(none)'}`);
  }
  (json ? process.stderr : process.stdout).write(out.join('\n') + '\n');
}

main().catch((err) => {
  process.stderr.write(`eval: ${(err as Error).stack ?? err}\n`);
  process.exitCode = 1;
});
