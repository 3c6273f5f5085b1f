/**
 * Builders for the attachment scanner's tests: Attachment objects made by hand (no parser needed)
 * and a fake ClamdClient for unit tests. Only for tests; nothing on the mail path imports this file.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';
import { DEFAULT_LIMITS } from '../../config/defaults.js';
import { parseMessage } from '../../parse/index.js';
import type { Attachment, TrueType } from '../../parse/types.js';
import { decide } from '../../policy/engine.js';
import type { Policy } from '../../policy/types.js';
import { makeContext } from '../test-helpers.js';
import type { ClamdClient, ClamdResult } from './clamd.js';
import { attachmentsScanner, attachmentItem } from './index.js';
import type { ScanLimits } from '../../config/types.js';
import { createLimiter } from '../../limiter.js';
import type { Finding } from '../types.js';
import { makePolicy } from '../test-helpers.js';
import { hashIndex } from './hashes.js';
import { candidatesFromText, type PasswordCandidates } from './passwords.js';
import { AttachmentWalk } from './walk.js';
import { EICAR } from '../../../../test-fixtures/attachments/payloads.mjs';

/** test-fixtures/attachments at the repository root. */
export const ATTACHMENT_FIXTURES = fileURLToPath(new URL('../../../../test-fixtures/attachments', import.meta.url));

let counter = 0;

export function makeAttachment(
  filename: string,
  data: Buffer,
  opts: { contentType?: string; trueType?: TrueType; id?: string; depth?: number } = {},
): Attachment {
  counter += 1;
  const sha256 = createHash('sha256').update(data).digest('hex');
  const att: Attachment = {
    id: opts.id ?? `a${counter}`,
    filename,
    contentType: opts.contentType ?? 'application/octet-stream',
    disposition: 'attachment',
    size: data.length,
    sha256,
    content: {
      size: data.length,
      sha256,
      head: data.subarray(0, 4100),
      buffer: async () => data,
      stream: () => Readable.from([data]),
    },
    depth: opts.depth ?? 0,
  };
  if (opts.trueType) att.trueType = opts.trueType;
  return att;
}

export interface FakeClamd extends ClamdClient {
  /** Names passed to scan(), in call order. */
  readonly scanned: string[];
  /** Most scans that were running at the same time. */
  readonly maxConcurrent: number;
}

/**
 * A clamd stand-in: reads what it is given and reports `signature` for data containing `needle`.
 * `fail` makes every scan reject with that error (e.g. LC_CLAMD_UNAVAILABLE).
 */
export function fakeClamd(opts: { needles?: Record<string, Buffer | string>; fail?: Error; delayMs?: number } = {}): FakeClamd {
  const scanned: string[] = [];
  let running = 0;
  let maxConcurrent = 0;
  return {
    address: 'fake://clamd',
    scanned,
    get maxConcurrent() {
      return maxConcurrent;
    },
    async scan(data: Buffer | Readable, name?: string): Promise<ClamdResult> {
      scanned.push(name ?? '');
      running += 1;
      maxConcurrent = Math.max(maxConcurrent, running);
      try {
        const chunks: Buffer[] = [];
        if (Buffer.isBuffer(data)) chunks.push(data);
        else for await (const c of data) chunks.push(Buffer.isBuffer(c) ? c : Buffer.from(c as string));
        const all = Buffer.concat(chunks);
        if (opts.delayMs) await new Promise((r) => setTimeout(r, opts.delayMs));
        if (opts.fail) throw opts.fail;
        for (const [sig, needle] of Object.entries(opts.needles ?? {})) {
          if (all.includes(needle)) return { infected: true, signature: sig };
        }
        return { infected: false };
      } finally {
        running -= 1;
      }
    },
    ping: async () => undefined,
    close: async () => undefined,
  };
}

/** A zip attachment as the walk sees one (declared and true type zip). */
export function zipAttachment(name: string, zip: Buffer): Attachment {
  return makeAttachment(name, zip, { contentType: 'application/zip', trueType: { ext: 'zip', mime: 'application/zip' }, id: 'a1' });
}

/** A fixture message of test-fixtures/attachments through the real parser, the attachments scanner (fake clamd) and `policy`. */
export async function fixtureVerdict(policy: Policy, name: string) {
  const message = await parseMessage(readFileSync(`${ATTACHMENT_FIXTURES}/${name}.eml`), DEFAULT_LIMITS);
  const findings = await attachmentsScanner.scan(message, makeContext(policy, { clamd: fakeClamd() }));
  return { findings, verdict: decide(findings, policy) };
}

/**
 * A PDF object stream holding `inner` as objects 5, 6, ... (as PDF 1.5 writes them), deflated: the
 * stream object as written (`<< dict /N /First /Length >> stream … endstream`), for pdfFromObjects.
 */
export function objectStream(inner: string[], dict = '/Type /ObjStm /Filter /FlateDecode'): Buffer {
  let offsets = '';
  let body = '';
  inner.forEach((o, i) => {
    offsets += `${5 + i} ${body.length} `;
    body += `${o}\n`;
  });
  const z = deflateSync(Buffer.from(offsets + body, 'latin1'));
  return Buffer.concat([
    Buffer.from(`<< ${dict} /N ${inner.length} /First ${offsets.length} /Length ${z.length} >>\nstream\n`, 'latin1'),
    z,
    Buffer.from('\nendstream', 'latin1'),
  ]);
}

/** One file walked as an attachment named `name` (fake clamd, an empty policy unless given): the findings, as the attachments scanner would report them. */
export async function walkFile(
  name: string,
  data: Buffer,
  opts: { limits?: Partial<ScanLimits>; clamd?: ClamdClient; policy?: Policy; passwords?: () => PasswordCandidates } = {},
): Promise<Finding[]> {
  const w = new AttachmentWalk({
    limits: { ...DEFAULT_LIMITS, ...opts.limits },
    hashes: hashIndex(opts.policy ?? makePolicy()),
    clamd: opts.clamd ?? fakeClamd(),
    clamdLimit: createLimiter(2),
    ...(opts.passwords ? { passwords: opts.passwords } : {}),
  });
  await w.inspect(attachmentItem(makeAttachment(name, data)));
  await w.finish();
  return w.findings;
}

/** Findings as sorted "kind subject tags" lines, for comparing a walk's result at a glance. */
export function findingLines(findings: readonly Finding[]): string[] {
  return findings.map((f) => `${f.kind} ${f.subject} ${(f.tags ?? []).join(',')}`.trim()).sort();
}

/**
 * One file walked as an attachment named `name`, with the passwords `text` gives (passwords.ts) and
 * a fake clamd that finds EICAR: the findings, as the attachments scanner would report them.
 */
export function walkWithPasswords(file: Buffer, text: string, name: string, limits: Partial<ScanLimits> = {}): Promise<Finding[]> {
  return walkFile(name, file, { limits, clamd: fakeClamd({ needles: { 'Fake.EICAR': EICAR } }), passwords: () => candidatesFromText(text) });
}

/**
 * What Debian's msoffcrypto-tool (the reference decryptor the Office encryptors of the tests are
 * checked against) decrypts `file` to with `password`; throws with its message when it cannot.
 */
export function msoffcryptoDecrypt(file: Buffer, password: string): Buffer {
  const dir = mkdtempSync(path.join(tmpdir(), 'lachan-msoffcrypto-'));
  try {
    writeFileSync(path.join(dir, 'in.bin'), file);
    const r = spawnSync('msoffcrypto-tool', ['-p', password, path.join(dir, 'in.bin'), path.join(dir, 'out.bin')], { timeout: 60_000 });
    if (r.status !== 0) throw new Error(`msoffcrypto-tool: ${r.stderr?.toString()}`);
    return readFileSync(path.join(dir, 'out.bin'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * An archive or disk image made by a real tool: `files` (paths with folders) written into a fresh
 * folder, then `tool` run there with `args`, which must write out.bin ("zip -qr out.bin .",
 * "genisoimage -R -o out.bin src"...); its bytes. Throws with the tool's message when it fails.
 */
export function packWithTool(files: Record<string, Buffer | string>, tool: string, args: string[]): Buffer {
  const dir = mkdtempSync(path.join(tmpdir(), 'lachan-pack-'));
  try {
    for (const [name, data] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(dir, 'src', name)), { recursive: true });
      writeFileSync(path.join(dir, 'src', name), data);
    }
    const r = spawnSync(tool, args, { cwd: path.join(dir, 'src'), encoding: 'utf8', timeout: 60_000 });
    if (r.status !== 0) throw new Error(`${tool} ${args.join(' ')}: ${r.stdout} ${r.stderr}`);
    return readFileSync(path.join(dir, 'src', 'out.bin'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
