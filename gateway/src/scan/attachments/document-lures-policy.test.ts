import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import * as p from '../../../../test-fixtures/attachments/payloads.mjs';
import * as o from '../../../../test-fixtures/attachments/office-payloads.mjs';
import { decide } from '../../policy/engine.js';
import { loadPolicy } from '../../policy/loader.js';
import type { Policy } from '../../policy/types.js';
import { makeContext, makeMessage } from '../test-helpers.js';
import { attachmentsScanner } from './index.js';
import { ddeDocx, ddeXlsx, exOleObjStg, makeOneNote, makePpt, splitField } from './lure-fixtures.js';
import { fakeClamd, makeAttachment } from './test-helpers.js';

/**
 * The default policy on documents that deliver malware without macros: DDE, legacy PowerPoint
 * objects, OneNote embedded files, SVG pages and byte-array smuggling — held, or let through when
 * ordinary.
 */
const POLICY_DIR = fileURLToPath(new URL('../../../../policies', import.meta.url));

describe('documents delivering malware under the default policy', () => {
  let policy: Policy;
  beforeAll(async () => {
    policy = await loadPolicy(POLICY_DIR);
  });
  const verdictOf = async (name: string, data: Buffer, contentType = 'application/octet-stream') => {
    const att = makeAttachment(name, data, { contentType, id: 'a1' });
    const findings = await attachmentsScanner.scan(makeMessage({ attachments: [att] }), makeContext(policy, { clamd: fakeClamd() }));
    return decide(findings, policy);
  };

  it('holds DDE documents, a .ppt with a packaged program, a OneNote script, an SVG framing a remote page and byte-array smuggling', async () => {
    const packaged = o.makeCompoundFile({ '/\u0001Ole10Native': o.ole10NativeStream('hoa-don.exe', o.FAKE_PROGRAM), '/\u0001CompObj': o.compObj('OLE Package', 'Package') });
    const cases: [string, Buffer, string, string][] = [
      ['thong-bao.docx', await ddeDocx(splitField('DDEAUTO c:\\\\windows\\\\system32\\\\cmd.exe "/k calc"')), 'application/octet-stream', 'office-exploit'],
      ['so-lieu.xlsx', await ddeXlsx('cmd', '/C calc'), 'application/octet-stream', 'office-exploit'],
      ['danh-sach.csv', Buffer.from(`a,b\r\n1,=cmd|' /C calc'!A0\r\n`), 'text/csv', 'office-exploit'],
      ['bao-cao.ppt', makePpt(exOleObjStg(packaged)), 'application/vnd.ms-powerpoint', 'office-embedded-program'],
      ['tai-lieu.bin', makeOneNote([Buffer.from('@echo off\r\npowershell -w hidden -c calc\r\n')]), 'application/octet-stream', 'office-embedded-program'],
      ['hoa-don.svg', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><foreignObject width="9" height="9"><iframe src="https://sso.phish.example.net/"></iframe></foreignObject></svg>'), 'image/svg+xml', 'svg-remote-page'],
      ['tai-lieu.html', Buffer.from(`<html><script>var b=new Blob([new Uint8Array([${[...p.makePe(), ...p.makePe()].join(',')}])]);location.href=URL.createObjectURL(b)</script></html>`), 'text/html', 'html-smuggling'],
    ];
    for (const [name, data, type, rule] of cases) {
      const v = await verdictOf(name, data, type);
      expect(v.action, name).toBe('quarantine');
      expect(v.hits.map((h) => h.rule), name).toContain(rule);
    }
  });

  it('delivers an ordinary .docx with fields, a CSV and a .ppt with an Excel chart without a warning', async () => {
    const cases: [string, Buffer, string][] = [
      ['ke-hoach.docx', await ddeDocx(splitField(' PAGE ')), 'application/octet-stream'],
      ['danh-sach.csv', Buffer.from('STT,Ho ten,Tong\r\n1,Nguyen Van A,=SUM(A1:A3)\r\n'), 'text/csv'],
      ['bao-cao.ppt', makePpt(exOleObjStg(o.makeExcelObject())), 'application/vnd.ms-powerpoint'],
    ];
    for (const [name, data, type] of cases) {
      expect(await verdictOf(name, data, type), name).toMatchObject({ action: 'deliver', warning: false, hits: [] });
    }
  });
});
