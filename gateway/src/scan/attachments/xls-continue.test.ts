import { describe, expect, it } from 'vitest';
import * as o from '../../../../test-fixtures/attachments/office-payloads.mjs';
import type { Finding } from '../types.js';
import { makeContext, makeMessage, makePolicy } from '../test-helpers.js';
import { readBiffRecord, xlStringAt } from './biff.js';
import { attachmentsScanner } from './index.js';
import { biff } from './lure-fixtures.js';
import { fakeClamd, makeAttachment } from './test-helpers.js';
import { BIFF_MAX_RECORDS, inspectWorkbook, workbookDdeLinks } from './xls.js';

/**
 * Legacy workbooks (xls.ts, biff.ts): records continued in CONTINUE records (0x003C), strings going
 * on across them after a high-byte flag of their own, and defined names (LBL) whose formula is a
 * DDE reference. Streams written by hand from [MS-XLS].
 */

const u16 = (...vs: number[]) => Buffer.concat(vs.map((v) => Buffer.from([v & 0xff, (v >> 8) & 0xff])));
const u32 = (v: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(v, 0);
  return b;
};
const latin = (s: string) => Buffer.from(s, 'latin1');
const wide = (s: string) => Buffer.from(s, 'utf16le');
/** A record whose data is `pieces[0]`, continued in one CONTINUE record per further piece. */
const continued = (type: number, ...pieces: Buffer[]) => Buffer.concat([biff(type, pieces[0]), ...pieces.slice(1).map((p) => biff(0x003c, p))]);

const bof = (dt: number) => biff(0x0809, u16(0x0600, dt, 0x0dbb, 0x07cc, 0, 0, 0, 0));
const eof = biff(0x000a);
const SUPBOOK = 0x01ae;
const EXTERNNAME = 0x0023;
const LBL = 0x0018;
const supbookSelf = biff(SUPBOOK, u16(1, 0x0401));
/** The DDE SUPBOOK of `service`|`topic`, 8-bit, in one record. */
const ddeSupbook = (service: string, topic: string) => biff(SUPBOOK, Buffer.concat([u16(0, service.length + 1 + topic.length), Buffer.from([0]), latin(`${service}\u0003${topic}`)]));
const externName = (item = 'A0', ole = false) => biff(EXTERNNAME, Buffer.concat([u16(ole ? 0x0010 : 0x0002), Buffer.alloc(4), Buffer.from([item.length, 0]), latin(item)]));
/** EXTERNSHEET: XTI 0 → SUPBOOK 0 (self), XTI 1 → SUPBOOK 1 (the DDE one). */
const externSheet = biff(0x0017, Buffer.concat([u16(2), u16(0, 0, 0), u16(1, 0xfffe, 0xfffe)]));
const boundSheet = biff(0x0085, Buffer.concat([u16(0, 0), Buffer.from([0, 0, 6, 0]), latin('Sheet1')]));
/** PtgNameX (value class) naming EXTERNNAME `index` of the SUPBOOK of XTI `ixti`. */
const nameX = (ixti = 1, index = 1) => Buffer.concat([Buffer.from([0x59]), u16(ixti, index, 0)]);
/** PtgName (value class) naming defined name `index` (1-based). */
const ptgName = (index: number) => Buffer.concat([Buffer.from([0x43]), u32(index)]);
/** LBL header (14 bytes): flags, chKey, cch, cce, then zeros. */
const lblHead = (cch: number, cce: number, builtin = false) => Buffer.concat([u16(builtin ? 0x20 : 0), Buffer.from([0, cch]), u16(cce), Buffer.alloc(8)]);
/** A defined name `name` = `rgce`, 8-bit, in one record. */
const lbl = (name: string, rgce: Buffer) => biff(LBL, Buffer.concat([lblHead(name.length, rgce.length), Buffer.from([0]), latin(name), rgce]));
/** A worksheet whose cell A1 holds the formula `rgce`. */
const sheetWith = (rgce: Buffer) => Buffer.concat([bof(0x0010), biff(0x0006, Buffer.concat([u16(0, 0, 15), Buffer.alloc(8), u16(0), Buffer.alloc(4), u16(rgce.length), rgce])), eof]);
const workbook = (globals: Buffer[], ...sheets: Buffer[]) => Buffer.concat([bof(0x0005), boundSheet, ...globals, eof, ...sheets]);

const scan = async (name: string, stream: Buffer) => {
  const att = makeAttachment(name, o.makeCompoundFile({ '/Workbook': stream }), { contentType: 'application/vnd.ms-excel', id: 'a1' });
  return attachmentsScanner.scan(makeMessage({ attachments: [att] }), makeContext(makePolicy(), { clamd: fakeClamd() }));
};
const dde = (fs: Finding[]) => fs.filter((f) => f.tags?.includes('dde'));

describe('BIFF records continued in CONTINUE records', () => {
  it('joins a record with the CONTINUE records after it, and says where each began', () => {
    const stream = Buffer.concat([continued(LBL, latin('abc'), latin('de'), latin('f')), biff(0x000a)]);
    const r = readBiffRecord(stream, 0, new Set([LBL]))!;
    expect([r.type, r.data.toString('latin1'), r.breaks, r.count, r.next]).toEqual([LBL, 'abcdef', [3, 5], 3, stream.length - 4]);
    // a type not joined: the CONTINUE is a record of its own
    expect(readBiffRecord(stream, 0, new Set())!.data.toString('latin1')).toBe('abc');
    // a CONTINUE running past the end: what there is, and where it was cut
    const cut = readBiffRecord(stream.subarray(0, 12), 0, new Set([LBL]))!;
    expect([cut.data.toString('latin1'), cut.cutAt]).toEqual(['abcd', 7]);
  });

  it('reads a string going on in a CONTINUE after a new high-byte flag (8-bit then UTF-16, and back)', () => {
    // "Vĩ mô" + "A": flag 0, "V", boundary, flag 1, "ĩ mô", boundary, flag 0, "A"
    const data = Buffer.concat([Buffer.from([0]), latin('V'), Buffer.from([1]), wide('ĩ mô'), Buffer.from([0]), latin('A'), latin('rest')]);
    expect(xlStringAt(data, 0, 6, [2, 11])).toEqual({ text: 'Vĩ môA', end: 13 });
    // the boundary right after the string's own flag: the CONTINUE starts with a flag too
    expect(xlStringAt(Buffer.concat([Buffer.from([0]), Buffer.from([1]), wide('ab')]), 0, 2, [1])).toEqual({ text: 'ab', end: 6 });
    // the boundary before the string's flag: no extra byte
    expect(xlStringAt(Buffer.concat([Buffer.from([1]), wide('ab')]), 0, 2, [0])).toEqual({ text: 'ab', end: 5 });
    // cut short: what there is
    expect(xlStringAt(Buffer.concat([Buffer.from([0]), latin('ab')]), 0, 9, [2])).toEqual({ text: 'a', end: 3 });
  });

  it('reads a DDE path and item split across CONTINUE records (the rest of the topic in UTF-16)', () => {
    const topic = ' /C powershell -w hidden -c calc';
    const path = `cmd\u0003${topic}`;
    const supbook = continued(SUPBOOK, Buffer.concat([u16(0, path.length), Buffer.from([0]), latin(path.slice(0, 2))]), Buffer.concat([Buffer.from([1]), wide(path.slice(2))]));
    const item = continued(EXTERNNAME, Buffer.concat([u16(0x0002), Buffer.alloc(4), Buffer.from([2, 0]), latin('A')]), Buffer.concat([Buffer.from([0]), latin('0')]));
    const links = workbookDdeLinks(workbook([supbookSelf, supbook, item, externSheet], sheetWith(nameX())));
    expect(links).toEqual([{ service: 'cmd', topic, items: ['A0'], formulas: 1, names: [] }]);
  });

  it('reads an EXTERNSHEET continued past 8,224 bytes: a formula naming an XTI in the CONTINUE still resolves', () => {
    const xtis = Array.from({ length: 2000 }, (_, k) => u16(k === 1999 ? 1 : 0, 0xfffe, 0xfffe));
    const body = Buffer.concat([u16(2000), ...xtis]);
    const sheet = continued(0x0017, body.subarray(0, 8224), body.subarray(8224));
    const links = workbookDdeLinks(workbook([supbookSelf, ddeSupbook('cmd', '/c calc'), externName(), sheet], sheetWith(nameX(1999))));
    expect(links.map((l) => l.formulas)).toEqual([1]);
  });

  it('reads an Auto_Open name and a macro sheet name split across CONTINUE records', () => {
    const name = continued(LBL, Buffer.concat([lblHead(9, 0), Buffer.from([0]), latin('Auto_')]), Buffer.concat([Buffer.from([0]), latin('Open')]));
    expect(inspectWorkbook(Buffer.concat([bof(0x0005), name, eof])).autoOpen).toBe(true);
    const sheet = continued(0x0085, Buffer.concat([u16(0, 0), Buffer.from([2, 1, 6, 0]), latin('Mac')]), Buffer.concat([Buffer.from([1]), wide('ro1')]));
    expect(inspectWorkbook(Buffer.concat([bof(0x0005), sheet, eof])).macroSheets).toEqual([{ name: 'Macro1', state: 'very-hidden' }]);
  });

  it('counts CONTINUE records against the record limit', () => {
    const chain = Buffer.concat([bof(0x0005), continued(LBL, lblHead(1, 0), ...new Array<Buffer>(BIFF_MAX_RECORDS).fill(Buffer.from([0]))), eof]);
    expect(inspectWorkbook(chain).broken).toMatch(/more than 100000 records/);
    expect(inspectWorkbook(Buffer.concat([bof(0x0005), continued(LBL, lblHead(1, 0), Buffer.from([0, 0x41])), eof])).broken).toBeUndefined();
  });
});

describe('defined names that are DDE references', () => {
  const globals = (...names: Buffer[]) => [supbookSelf, ddeSupbook('cmd', ' /C calc'), externName(), externSheet, ...names];

  it('reports a defined name whose formula is a DDE reference, naming it, and counts the cells using the name', async () => {
    const noCell = workbook(globals(lbl('Tong', nameX())));
    expect(workbookDdeLinks(noCell)).toEqual([{ service: 'cmd', topic: ' /C calc', items: ['A0'], formulas: 0, names: ['Tong'] }]);
    const used = workbook(globals(lbl('Khac', Buffer.from([0x1e, 1, 0])), lbl('Tong', nameX())), sheetWith(Buffer.concat([Buffer.from([0x1e, 2, 0]), ptgName(2), Buffer.from([0x03])])));
    expect(workbookDdeLinks(used)).toEqual([{ service: 'cmd', topic: ' /C calc', items: ['A0'], formulas: 1, names: ['Tong'] }]);
    const fs = dde(await scan('bang-luong.xls', noCell));
    expect(fs.map((f) => [f.kind, ...(f.tags ?? [])])).toEqual([['attachment.exploit', 'dde', 'cmd', 'ole', 'xls']]);
    expect(fs[0]!.detail).toMatch(/^Excel workbook with a DDE formula "cmd\|' \/C calc'!A0" \(defined name "Tong"\)/);
  });

  it('follows names of names, and shows a built-in Auto_Open name by its name', () => {
    const chain = workbook(globals(lbl('A', ptgName(2)), lbl('B', ptgName(3)), lbl('C', nameX())), sheetWith(ptgName(1)));
    expect(workbookDdeLinks(chain)).toEqual([{ service: 'cmd', topic: ' /C calc', items: ['A0'], formulas: 1, names: ['A', 'B', 'C'] }]);
    const auto = biff(LBL, Buffer.concat([lblHead(1, 7, true), Buffer.from([0, 0x01]), nameX()]));
    expect(workbookDdeLinks(workbook(globals(auto)))[0]!.names).toEqual(['Auto_Open']);
    // a loop of names naming each other ends
    expect(workbookDdeLinks(workbook(globals(lbl('X', ptgName(2)), lbl('Y', ptgName(1)))))[0]!.names).toEqual([]);
  });

  it('reads the formula after a name split across a CONTINUE (its extra flag byte)', () => {
    const name = continued(LBL, Buffer.concat([lblHead(4, 7), Buffer.from([0]), latin('To')]), Buffer.concat([Buffer.from([1]), wide('ng'), nameX()]));
    expect(workbookDdeLinks(workbook(globals(name)))[0]!.names).toEqual(['Tong']);
  });

  it('says nothing of names pointing at an OLE link, at another EXTERNNAME, or at a sheet', async () => {
    const ole = workbook([supbookSelf, ddeSupbook('Excel.Sheet.8', 'C:\\a.xls'), externName('x', true), externSheet, lbl('T', nameX())]);
    expect(workbookDdeLinks(ole)).toEqual([]);
    expect(dde(await scan('so-lieu.xls', ole))).toEqual([]);
    const other = workbook(globals(lbl('T', nameX(1, 2)), lbl('U', nameX(0, 1)), lbl('V', Buffer.from([0x3a, 0, 0, 0, 0, 0, 0]))));
    expect(workbookDdeLinks(other)[0]!.names).toEqual([]);
  });

  it('stays fast on 60,000 names naming each other, and never throws on damaged streams', () => {
    const many = Array.from({ length: 60_000 }, (_, k) => lbl(`N${k}`, Buffer.concat([ptgName(k + 2), ptgName(k), nameX()])));
    const t0 = performance.now();
    const links = workbookDdeLinks(workbook(globals(...many), sheetWith(ptgName(1))));
    expect(performance.now() - t0).toBeLessThan(3000);
    expect(links[0]!.names.length).toBe(16);
    const seed = workbook(globals(lbl('Tong', nameX()), continued(LBL, Buffer.concat([lblHead(4, 7), Buffer.from([0]), latin('To')]), Buffer.concat([Buffer.from([1]), wide('ng'), nameX()]))), sheetWith(ptgName(1)));
    let x = 7;
    const rand = (n: number) => {
      x = (Math.imul(x, 1103515245) + 12345) >>> 0;
      return x % n;
    };
    for (let n = 0; n < 500; n++) {
      const b = Buffer.from(seed);
      for (let k = 1 + rand(6); k > 0; k--) b[rand(b.length)] = [0, 0xff, 0x3c, rand(256)][rand(4)]!;
      const data = rand(3) === 0 ? b.subarray(0, rand(b.length)) : b;
      expect(() => workbookDdeLinks(data), `mutation #${n}`).not.toThrow();
      expect(() => inspectWorkbook(data), `mutation #${n}`).not.toThrow();
    }
  });
});
