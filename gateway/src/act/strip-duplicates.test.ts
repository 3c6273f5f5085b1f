import { fileURLToPath } from 'node:url';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePe, makeZip } from '../../../test-fixtures/attachments/payloads.mjs';
import { DEFAULT_LIMITS } from '../config/defaults.js';
import { silentLogger } from '../log.js';
import { releaseMessage } from '../parse/index.js';
import { evaluate, type Engine, type Evaluation } from '../pipeline/evaluate.js';
import { loadPolicy } from '../policy/loader.js';
import { fakeClamd } from '../scan/attachments/test-helpers.js';
import { spooledFromBuffer } from '../smtp/spool.js';
import { applyActionsToBuffer, stripTargets } from './index.js';
import { REMOVED_SUFFIX } from './strip.js';
import { base64Part, mail, mixedWithText, planFor } from './testing.js';

/**
 * A message attaching one zip (holding a program) six times, once of them inside a forwarded
 * message: the scanner walks the zip once (scan/attachments/duplicates.ts), yet every copy is
 * reported under its own id, so the shipped policy's strip rule removes every copy, the one in the
 * forwarded message included (its nestedPath).
 */
const POLICY_DIR = fileURLToPath(new URL('../../../policies', import.meta.url));
const b64 = (b: Buffer) => b.toString('base64').replace(/.{76}/g, '$&\r\n');

const zipPart = (name: string, zip: Buffer): string[] => base64Part(`application/zip; name="${name}"`, name, b64(zip));

function message(zip: Buffer): Buffer {
  const forwarded = ['From: b@example.org', 'Subject: fwd', ...mixedWithText('ho so dinh kem', [zipPart('ho-so-chuyen-tiep.zip', zip)]), ''];
  const zips = [1, 2, 3, 4, 1].map((i) => zipPart(`ho-so-${i}.zip`, zip)); // the same name twice too
  return mail([
    'From: a@example.net',
    'To: nhan.vien@lachan.test',
    'Subject: ho so',
    ...mixedWithText('xem tep dinh kem', [...zips, ['Content-Type: message/rfc822', '', ...forwarded]], 'out'),
    '',
  ]);
}

describe('stripping a file attached several times', () => {
  let engine: Engine;
  let ev: Evaluation | undefined;
  beforeAll(async () => {
    engine = { policy: await loadPolicy(POLICY_DIR), limits: DEFAULT_LIMITS, clamd: fakeClamd(), log: silentLogger() };
  });
  afterAll(async () => {
    if (ev) await releaseMessage(ev.parsed);
  });

  it('reports every copy, walks the zip once, and strips every copy, the forwarded one included', async () => {
    const zip = await makeZip({ 'setup.exe': makePe() });
    const raw = message(zip);
    const clamd = fakeClamd();
    ev = await evaluate(spooledFromBuffer(raw), { ...engine, clamd });
    const zips = ev.parsed.attachments.filter((a) => a.filename.endsWith('.zip'));
    expect(zips).toHaveLength(6);
    expect(zips.find((a) => a.nestedPath)).toBeDefined();
    expect(clamd.scanned.filter((n) => n === 'setup.exe')).toHaveLength(1); // one walk for the six
    expect(ev.verdict.action).toBe('deliver');
    expect([...ev.verdict.strip].sort()).toEqual(zips.map((a) => a.id).sort());

    const out = await applyActionsToBuffer(raw, planFor(ev.verdict, stripTargets(ev.parsed.attachments, ev.verdict.strip)));
    expect(out.toString('latin1')).not.toContain(b64(zip).slice(0, 60));
    const parsed = await simpleParser(out);
    const names = parsed.attachments.map((a) => a.filename ?? '');
    expect(names.filter((n) => n.endsWith(REMOVED_SUFFIX)).sort()).toEqual(
      ['ho-so-1.zip', 'ho-so-1.zip', 'ho-so-2.zip', 'ho-so-3.zip', 'ho-so-4.zip'].map((n) => `${n}${REMOVED_SUFFIX}`),
    );
    // the forwarded message is kept, with its copy replaced inside it
    const fwd = parsed.attachments.find((a) => a.contentType === 'message/rfc822');
    expect(fwd?.content.toString('latin1')).toContain(`ho-so-chuyen-tiep.zip${REMOVED_SUFFIX}`);
    expect(fwd?.content.toString('latin1')).not.toContain(b64(zip).slice(0, 60));
  });
});
