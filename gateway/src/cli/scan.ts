import { readFile } from 'node:fs/promises';
import { newId } from '../ids.js';
import type { GatewayConfig } from '../config/types.js';
import { silentLogger } from '../log.js';
import { releaseMessage } from '../parse/index.js';
import { evaluate, type Engine } from '../pipeline/evaluate.js';
import { createEngine } from '../pipeline/engine.js';
import { qrCodeUrls, summarize, type ReportedFinding } from '../pipeline/summary.js';
import { spooledFromBuffer } from '../smtp/spool.js';
import type { Envelope } from '../smtp/types.js';
import { shortcutUrls } from '../scan/attachments/shortcuts.js';
import { useQrThread } from '../scan/qr/off-thread.js';
import { useOcr } from '../scan/ocr/tesseract.js';

/** The JSON line `lachan scan --json` prints for each file (a contract: see README). */
export interface ScanLine {
  file: string;
  ref: string;
  action: 'deliver' | 'quarantine' | 'reject' | 'tempfail';
  warning: boolean;
  stripped: string[];
  categories: string[];
  findings: ReportedFinding[];
  urls: string[];
  /** The links of `urls` that were read from QR codes in pictures (finding url.qr-code). */
  qrUrls: string[];
  attachments: Array<{ id: string; filename: string; contentType: string; trueType?: string; size: number; sha256: string }>;
  error?: string;
}

export interface ScanOptions {
  files: string[];
  json: boolean;
  policyDir?: string;
  config: GatewayConfig;
  write(line: string): void;
}

/**
 * The verdict for each file, through the same evaluate() as the SMTP path, without sending or
 * storing anything. A file that cannot be read still gets its line, with its error.
 */
export async function runScan(opts: ScanOptions): Promise<number> {
  const { config } = opts;
  useQrThread(config.qrThread);
  useOcr({ enabled: config.ocr });
  const engine = await createEngine(config, silentLogger(), opts.policyDir ?? config.policyDir);
  const { clamd } = engine;
  let failures = 0;
  try {
    for (const file of opts.files) {
      const line = await scanOne(file, engine);
      if (line.error) failures++;
      opts.write(opts.json ? JSON.stringify(line) : human(line));
    }
  } finally {
    await clamd.close();
  }
  return failures ? 1 : 0;
}

export async function scanOne(file: string, engine: Engine): Promise<ScanLine> {
  const ref = newId();
  let buffer: Buffer;
  try {
    buffer = await readFile(file);
  } catch (err) {
    return emptyLine(file, ref, 'tempfail', `LC_FILE_UNREADABLE: ${(err as Error).message}`);
  }
  try {
    const message = spooledFromBuffer(buffer);
    const envelope: Envelope = {
      ref,
      sessionRef: ref,
      mailFrom: '',
      rcptTo: [],
      remoteAddress: '',
      clientHostname: '',
      heloName: '',
      tls: false,
      receivedAt: new Date(),
    };
    const ev = await evaluate(message, engine);
    await releaseMessage(ev.parsed);
    const s = summarize(ev, envelope);
    const urls = ev.parsed.urls.map((u) => u.url);
    const qrUrls = qrCodeUrls(s.findings);
    return {
      file,
      ref,
      action: s.action,
      warning: s.warning,
      stripped: s.stripped,
      categories: s.categories,
      findings: s.findings,
      // (then the addresses of link-file attachments: .url, .webloc, .desktop...; scan/attachments/shortcuts.ts)
      urls: [...urls, ...[...new Set([...qrUrls, ...shortcutUrls(s.findings)])].filter((u) => !urls.includes(u))],
      qrUrls,
      attachments: s.attachments,
      ...(ev.verdict.action === 'tempfail' ? { error: ev.verdict.reason } : {}),
    };
  } catch (err) {
    return emptyLine(file, ref, 'tempfail', `LC_SCAN_FAILED: ${(err as Error).message}`);
  }
}

function emptyLine(file: string, ref: string, action: ScanLine['action'], error: string): ScanLine {
  return { file, ref, action, warning: false, stripped: [], categories: [], findings: [], urls: [], qrUrls: [], attachments: [], error };
}

function human(line: ScanLine): string {
  const head = `${line.file}: ${line.action}${line.warning ? ' (cảnh báo / warning)' : ''}`;
  const cats = line.categories.length ? ` [${line.categories.join(', ')}]` : '';
  const why = line.findings
    .filter((f) => f.rule)
    .map((f) => `\n    ${f.rule}: ${f.kind} ${f.detail}${f.part ? ` [${f.part.kind} ${f.part.id}]` : ''}`)
    .join('');
  return head + cats + (line.error ? ` — ${line.error}` : '') + why;
}
