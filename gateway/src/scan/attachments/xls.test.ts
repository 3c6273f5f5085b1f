import CFB from 'cfb';
import { describe, expect, it } from 'vitest';
import * as p from '../../../../test-fixtures/attachments/payloads.mjs';
import { inspectOle, oleObservations } from './macros.js';
import { BIFF_MAX_RECORDS, inspectWorkbook } from './xls.js';

/** BIFF records by hand: type, then data. */
const rec = (type: number, data: Buffer | number[] = []) => {
  const body = Buffer.from(data);
  const h = Buffer.alloc(4);
  h.writeUInt16LE(type, 0);
  h.writeUInt16LE(body.length, 2);
  return Buffer.concat([h, body]);
};
const bof = (vers = 0x0600) => rec(0x0809, [vers & 0xff, vers >> 8, 0x05, 0x00, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
const eof = rec(0x000a);
/** BIFF8 BOUNDSHEET, 8-bit name (or UTF-16 with wide). */
const sheet = (name: string, type: number, state: number, wide = false) =>
  rec(0x0085, [0, 0, 0, 0, state, type, name.length, wide ? 1 : 0, ...Buffer.from(name, wide ? 'utf16le' : 'latin1')]);
/** BIFF8 LBL: 14 bytes of header, fHighByte, name. */
const label = (name: number[] | string, builtin: boolean) => {
  const chars = typeof name === 'string' ? [...Buffer.from(name, 'latin1')] : name;
  return rec(0x0018, [builtin ? 0x20 : 0, 0, 0, chars.length, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, ...chars]);
};
const book = (...records: Buffer[]) => Buffer.concat(records);

describe('Excel 4.0 (XLM) macros in legacy workbooks', () => {
  it('finds a hidden macro sheet and the built-in Auto_Open name', () => {
    const t = inspectWorkbook(book(bof(), sheet('Sheet1', 0, 0), sheet('Macro1', 1, 1), label([0x01], true), eof));
    expect(t).toEqual({ macroSheets: [{ name: 'Macro1', state: 'hidden' }], autoOpen: true, encrypted: false });
  });

  it('tells visible, hidden and very hidden macro sheets apart, and reads UTF-16 names', () => {
    const t = inspectWorkbook(book(bof(), sheet('Vĩ mô', 1, 2, true), sheet('M2', 1, 0), eof));
    expect(t.macroSheets).toEqual([
      { name: 'Vĩ mô', state: 'very-hidden' },
      { name: 'M2', state: 'visible' },
    ]);
    expect(t.autoOpen).toBe(false);
  });

  it('counts a user name starting with Auto_Open as auto-run, other names not', () => {
    expect(inspectWorkbook(book(bof(), label('auto_open71', false), eof)).autoOpen).toBe(true);
    expect(inspectWorkbook(book(bof(), label([0x06], true), label('Tong_cong', false), eof)).autoOpen).toBe(false);
    expect(inspectWorkbook(book(bof(), label([0x02], true), eof)).autoOpen).toBe(false); // Auto_Close alone
  });

  it('finds nothing in a workbook of worksheets and charts', () => {
    expect(inspectWorkbook(book(bof(), sheet('Sheet1', 0, 0), sheet('Bieu do', 2, 0), sheet('An', 0, 1), eof))).toEqual({
      macroSheets: [],
      autoOpen: false,
      encrypted: false,
    });
  });

  it('reads only the workbook globals: records after their EOF are not looked at', () => {
    expect(inspectWorkbook(book(bof(), eof, sheet('Macro1', 1, 0))).macroSheets).toEqual([]);
  });

  it('reads BIFF5 (the Book stream of Excel 95)', () => {
    const sheet5 = rec(0x0085, [0, 0, 0, 0, 2, 1, 6, ...Buffer.from('Macro1')]);
    const label5 = rec(0x0018, [0x20, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01]);
    expect(inspectWorkbook(book(bof(0x0500), sheet5, label5, eof))).toEqual({
      macroSheets: [{ name: 'Macro1', state: 'very-hidden' }],
      autoOpen: true,
      encrypted: false,
    });
  });

  it('stops at FILEPASS: the rest is encrypted', () => {
    const t = inspectWorkbook(book(bof(), rec(0x002f, [1, 0, 1, 0]), sheet('Macro1', 1, 0), eof));
    expect(t).toEqual({ macroSheets: [], autoOpen: false, encrypted: true });
  });

  it('says why a broken stream could not be read, without throwing', () => {
    expect(inspectWorkbook(Buffer.from('not biff')).broken).toMatch(/does not start with a BIFF BOF/);
    expect(inspectWorkbook(book(bof(), sheet('Macro1', 1, 2))).broken).toMatch(/no EOF record/);
    const whole = book(bof(), sheet('Macro1', 1, 2), eof);
    const cut = inspectWorkbook(whole.subarray(0, whole.length - 10));
    expect(cut.broken).toMatch(/runs past the end/);
    // what came before the break is kept
    expect(inspectWorkbook(book(bof(), sheet('Macro1', 1, 2))).macroSheets).toHaveLength(1);
    expect(inspectWorkbook(book(bof(), rec(0x0085, [0, 0]), label([], true), eof))).toEqual({
      macroSheets: [],
      autoOpen: false,
      encrypted: false,
    });
  });

  it(`gives up after ${BIFF_MAX_RECORDS} records`, () => {
    const filler = rec(0x00e1); // INTERFACEHDR-like empty record
    const many = book(bof(), ...Array.from({ length: BIFF_MAX_RECORDS }, () => filler), eof);
    expect(inspectWorkbook(many).broken).toMatch(/more than 100000 records/);
    const enough = book(bof(), ...Array.from({ length: BIFF_MAX_RECORDS - 2 }, () => filler), eof);
    expect(inspectWorkbook(enough).broken).toBeUndefined();
  });

  describe('in the OLE file', () => {
    it('finds the XLM macro sheet of an .xls built with cfb, and names it in the finding', () => {
      const traits = inspectOle(p.makeXls({ macroSheet: 'very-hidden' }));
      expect(traits.workbook).toEqual({ macroSheets: [{ name: 'Macro1', state: 'very-hidden' }], autoOpen: true, encrypted: false });
      expect(oleObservations(traits)).toEqual([
        {
          kind: 'attachment.macro',
          detail: 'Excel 4.0 (XLM) macro sheet "Macro1" (very-hidden); an Auto_Open name runs macros when it opens',
          tags: ['xlm', 'hidden', 'very-hidden', 'auto-open', 'ole', 'xls'],
        },
      ]);
    });

    it('finds nothing in a plain .xls, and does not mistake a Word document for a workbook', () => {
      const plain = inspectOle(p.makeXls());
      expect(plain.workbook).toEqual({ macroSheets: [], autoOpen: false, encrypted: false });
      expect(oleObservations(plain)).toEqual([]);
      expect(inspectOle(p.makeOleDoc()).workbook).toBeUndefined();
    });

    it('reports a Workbook stream it cannot read as uninspectable', () => {
      const c = CFB.utils.cfb_new();
      CFB.utils.cfb_add(c, '/Workbook', book(bof(), sheet('Sheet1', 0, 0)));
      const obs = oleObservations(inspectOle(Buffer.from(CFB.write(c, { type: 'buffer' }) as Uint8Array)));
      expect(obs).toEqual([{ kind: 'attachment.uninspectable', detail: expect.stringMatching(/^Excel workbook stream cannot be read: /), tags: ['xls'] }]);
    });

    it('reports an encrypted workbook (FILEPASS) as encrypted: its macro sheets cannot be seen', () => {
      const c = CFB.utils.cfb_new();
      CFB.utils.cfb_add(c, '/Workbook', book(bof(), rec(0x002f, [1, 0, 1, 0]), sheet('Macro1', 1, 2), eof));
      const obs = oleObservations(inspectOle(Buffer.from(CFB.write(c, { type: 'buffer' }) as Uint8Array)));
      expect(obs).toEqual([{ kind: 'attachment.encrypted', detail: 'encrypted Excel workbook: its sheets and macros cannot be checked', tags: ['xls', 'unsupported'] }]);
    });

    it('reports both VBA and XLM when a workbook has both', () => {
      const c = CFB.utils.cfb_new();
      CFB.utils.cfb_add(c, '/Workbook', book(bof(), sheet('Macro1', 1, 0), eof));
      CFB.utils.cfb_add(c, '/_VBA_PROJECT_CUR/VBA/_VBA_PROJECT', Buffer.from([0xcc, 0x61]));
      const obs = oleObservations(inspectOle(Buffer.from(CFB.write(c, { type: 'buffer' }) as Uint8Array)));
      expect(obs.map((o) => o.tags)).toEqual([['vba', 'ole', 'xls'], ['xlm', 'ole', 'xls']]);
    });
  });
});
