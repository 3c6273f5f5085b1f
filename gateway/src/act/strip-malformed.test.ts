import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Readable, type Transform } from 'node:stream';
import mailsplit from '@zone-eu/mailsplit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../config/defaults.js';
import { LachanError } from '../errors.js';
import { silentLogger } from '../log.js';
import { SPLIT_OPTIONS } from '../parse/mime-tree.js';
import { parseMessage, releaseMessage, type ParsedMessage } from '../parse/index.js';
import { evaluate, type Engine, type Evaluation } from '../pipeline/evaluate.js';
import { loadPolicy } from '../policy/loader.js';
import { fakeClamd } from '../scan/attachments/test-helpers.js';
import { spooledFromBuffer } from '../smtp/spool.js';
import { applyActionsToBuffer, stripTargets } from './index.js';
import { partPath } from './act-stream.js';
import { removedFileName } from './strip.js';
import { planFor, withoutAdditions } from './testing.js';

/**
 * The malformed fixtures with a program to strip (test-fixtures/malformed/strip-*.eml), through the
 * real parser, scanners and shipped policy (a clamd that finds nothing: the program is caught by its
 * name), then act/ with the strip target the gateway would build. parse/ and act/ must number the
 * parts the same way, so the part removed is the one the scanner judged and nothing else changes.
 */
const FIXTURES = fileURLToPath(new URL('../../../test-fixtures/malformed/', import.meta.url));
const POLICY_DIR = fileURLToPath(new URL('../../../policies', import.meta.url));
const PROGRAM = 'setup.exe';

/**
 * What the shipped policy does with each: the four whose structure parsers split differently
 * (a reused boundary, one boundary the prefix of another, a boundary on a part that is not
 * multipart, two boundary parameters) are held whole as unscannable; the cut one is delivered with
 * the program stripped. act/ is run on all five, as a policy that strips would.
 */
const CASES: Record<string, { action: 'strip' | 'quarantine'; path: string }> = {
  'strip-reused-boundary': { action: 'quarantine', path: '4' },
  'strip-reused-boundary-leaf': { action: 'quarantine', path: '3' },
  'strip-boundary-prefix': { action: 'quarantine', path: '2.2' },
  'strip-duplicate-boundary-param': { action: 'quarantine', path: '2' },
  'strip-truncated-nested': { action: 'strip', path: '2.1' },
};

/** Part numbers and declared file names of every part, as a walk with these mailsplit options sees them. */
async function splitParts(raw: Buffer, options: object): Promise<Map<string, string>> {
  const parts = new Map<string, string>();
  const splitter = new mailsplit.Splitter(options);
  splitter.on('data', (chunk) => {
    if (chunk.type === 'node' && !parts.has(partPath(chunk))) parts.set(partPath(chunk), chunk.filename || '');
  });
  // mailsplit's typings narrow on() to 'data'; it is a plain Transform
  const stream = splitter as unknown as Transform;
  await new Promise<void>((resolve, reject) => {
    stream.once('end', () => resolve());
    stream.once('error', reject);
    Readable.from([raw]).pipe(stream);
  });
  return parts;
}

describe('stripping a program from malformed MIME (test-fixtures/malformed/strip-*.eml)', () => {
  let engine: Engine;
  const evaluations: Evaluation[] = [];
  const parsed: ParsedMessage[] = [];
  beforeAll(async () => {
    engine = { policy: await loadPolicy(POLICY_DIR), limits: DEFAULT_LIMITS, clamd: fakeClamd(), log: silentLogger() };
  });
  afterAll(async () => {
    for (const e of evaluations) await releaseMessage(e.parsed);
    for (const m of parsed) await releaseMessage(m);
  });

  async function judged(name: string): Promise<{ raw: Buffer; ev: Evaluation }> {
    const raw = readFileSync(`${FIXTURES}${name}.eml`);
    const ev = await evaluate(spooledFromBuffer(raw), engine);
    evaluations.push(ev);
    return { raw, ev };
  }

  for (const [name, expected] of Object.entries(CASES)) {
    it(`${name}: the shipped policy ${expected.action === 'strip' ? `strips ${PROGRAM} and delivers the rest` : 'holds the whole message'}`, async () => {
      const { ev } = await judged(name);
      const program = ev.parsed.attachments.find((a) => a.filename === PROGRAM)!;
      expect(program.partPath).toBe(expected.path);
      if (expected.action === 'strip') {
        expect(ev.verdict.action).toBe('deliver');
        expect(ev.verdict.strip).toEqual([program.id]);
      } else {
        expect(ev.verdict.action).toBe('quarantine');
        expect(ev.verdict.hits.map((h) => h.rule)).toContain('unscannable-message');
      }
    });

    it(`${name}: act/ replaces the part the scanner judged, and every other byte is the input's`, async () => {
      const { raw, ev } = await judged(name);
      const program = ev.parsed.attachments.find((a) => a.filename === PROGRAM)!;
      const verdict = { ...ev.verdict, action: 'deliver' as const, warning: false, strip: [program.id] };
      const out = await applyActionsToBuffer(raw, planFor(verdict, stripTargets(ev.parsed.attachments, [program.id])));

      // the program's part, from its first header line to the end of its body, is what was replaced
      const text = raw.toString('latin1');
      const start = text.indexOf('Content-Type: application/x-msdownload');
      const body = text.slice(text.indexOf('\r\n\r\n', start) + 4).split('\r\n')[0]!;
      const end = text.indexOf(body, start) + body.length;
      const output = withoutAdditions(out).toString('latin1');
      expect(output.startsWith(text.slice(0, start))).toBe(true);
      expect(output.endsWith(text.slice(end))).toBe(true);
      const replacement = output.slice(start, output.length - (text.length - end));
      expect(replacement).toMatch(/^Content-Type: text\/plain;\r\n charset=utf-8;\r\n name="setup\.exe\.lachan-removed\.txt"\r\n/);
      expect(out.toString('latin1')).not.toContain(body);

      // read again, the message has the same parts under the same numbers, the notice in the program's place
      const again = await parseMessage(out, DEFAULT_LIMITS);
      parsed.push(again);
      const notice = removedFileName(PROGRAM);
      const before = ev.parsed.attachments.map((a) => (a.filename === PROGRAM ? [a.partPath, notice] : [a.partPath, a.filename, a.sha256]));
      const after = again.attachments.map((a) => (a.filename === notice ? [a.partPath, notice] : [a.partPath, a.filename, a.sha256]));
      expect(after).toEqual(before);
    });
  }

  it('strip-reused-boundary-leaf: opening the forwarded message (mailsplit’s default) numbers the program otherwise than the parser', async () => {
    // why SPLIT_OPTIONS exists: the outer delimiters become children of a part inside the forwarded message
    const raw = readFileSync(`${FIXTURES}strip-reused-boundary-leaf.eml`);
    expect((await splitParts(raw, {})).get('3')).toBeUndefined();
    expect((await splitParts(raw, {})).get('2.2.1')).toBe(PROGRAM);
    expect((await splitParts(raw, SPLIT_OPTIONS)).get('3')).toBe(PROGRAM);
  });

  it('holds the message (LC_SCAN_FAILED) when the part at the number does not name the file the scanner judged', async () => {
    const { raw, ev } = await judged('strip-truncated-nested');
    const program = ev.parsed.attachments.find((a) => a.filename === PROGRAM)!;
    const pdf = ev.parsed.attachments.find((a) => a.filename === 'bao-gia.pdf')!;
    // the program's target, pointing at the PDF's part: a numbering gone wrong
    const target = { ...stripTargets(ev.parsed.attachments, [program.id])[0]!, partPath: pdf.partPath! };
    const err = await applyActionsToBuffer(raw, planFor({ ...ev.verdict, strip: [program.id] }, [target])).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LachanError);
    expect((err as LachanError).code).toBe('LC_SCAN_FAILED');
    expect((err as LachanError).message).toContain(`MIME part ${pdf.partPath} is not the attachment to strip`);
  });
});
