import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import * as p from '../../../../test-fixtures/attachments/payloads.mjs';
import * as o from '../../../../test-fixtures/attachments/office-payloads.mjs';
import { DEFAULT_LIMITS } from '../../config/defaults.js';
import { parseMessage } from '../../parse/index.js';
import { decide } from '../../policy/engine.js';
import { loadPolicy } from '../../policy/loader.js';
import type { Policy } from '../../policy/types.js';
import { makeContext, makeMessage } from '../test-helpers.js';
import { attachmentsScanner } from './index.js';
import { ddeDocx, ddeXls, ddeXlsb, ddeXlsx, exOleObjStg, makeOneNote, makePpt, splitField } from './lure-fixtures.js';
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

  it('gives a mail carrying an .xls or .xlsb DDE link or an RTF DDE field built by QUOTE fields the verdict of a .docx DDE field', async () => {
    // whole messages through the real parser, as fixtureVerdict does with the .eml fixtures
    const mailVerdict = async (name: string, type: string, data: Buffer) => {
      const b64 = data.toString('base64').replace(/.{76}/g, '$&\r\n');
      const eml = [
        'From: "Phong Ke Toan" <ketoan@example.net>',
        'To: nhanvien@example.vn',
        'Subject: Bang luong thang 11',
        'Date: Mon, 23 Nov 2026 08:00:00 +0700',
        'Message-ID: <dde-test@example.net>',
        'MIME-Version: 1.0',
        'Content-Type: multipart/mixed; boundary="b1"',
        '',
        '--b1',
        'Content-Type: text/plain; charset=utf-8',
        '',
        'Kinh gui anh chi, xem tep dinh kem.',
        '--b1',
        `Content-Type: ${type}; name="${name}"`,
        `Content-Disposition: attachment; filename="${name}"`,
        'Content-Transfer-Encoding: base64',
        '',
        b64,
        '--b1--',
        '',
      ].join('\r\n');
      const message = await parseMessage(Buffer.from(eml), DEFAULT_LIMITS);
      const findings = await attachmentsScanner.scan(message, makeContext(policy, { clamd: fakeClamd() }));
      const v = decide(findings, policy);
      return { action: v.action, rules: v.hits.map((h) => h.rule).sort() };
    };
    const codes = (t: string) => [...t].map((c) => c.charCodeAt(0)).join(' ');
    const reference = await mailVerdict('thong-bao.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', await ddeDocx(splitField('DDEAUTO c:\\\\windows\\\\system32\\\\cmd.exe "/k calc"')));
    expect(reference).toEqual({ action: 'quarantine', rules: ['office-exploit'] });
    const rtf = Buffer.from(`{\\rtf1{\\field{\\*\\fldinst {\\field{\\*\\fldinst QUOTE ${codes('DDEAUTO')}}{\\fldrslt x}} {\\field{\\*\\fldinst QUOTE ${codes('c:\\windows\\system32\\cmd.exe')}}} "/k calc"}{\\fldrslt y}}}`, 'latin1');
    const samples: [string, string, Buffer][] = [
      ['bang-luong.xls', 'application/vnd.ms-excel', ddeXls('cmd', ' /C powershell -w hidden -c calc')],
      ['bang-luong.xls', 'application/vnd.ms-excel', ddeXls('MSEXCEL', '\\..\\..\\..\\Windows\\System32\\cmd.exe /c calc', { formula: false, wide: true })],
      ['bang-luong.xlsb', 'application/vnd.ms-excel.sheet.binary.macroEnabled.12', await ddeXlsb('cmd', ' /C calc')],
      ['cong-van.rtf', 'application/rtf', rtf],
    ];
    for (const [name, type, data] of samples) expect(await mailVerdict(name, type, data), name).toEqual(reference);
    // and the same workbooks without the DDE link are delivered
    expect(await mailVerdict('gia.xls', 'application/vnd.ms-excel', ddeXls('Excel.Sheet.8', 'C:\\so-lieu.xls', { ole: true })), 'OLE link').toEqual({ action: 'deliver', rules: [] });
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
