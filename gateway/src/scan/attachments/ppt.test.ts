import { describe, expect, it } from 'vitest';
import * as p from '../../../../test-fixtures/attachments/payloads.mjs';
import * as o from '../../../../test-fixtures/attachments/office-payloads.mjs';
import type { Finding } from '../types.js';
import { makeContext, makeMessage, makePolicy } from '../test-helpers.js';
import { attachmentsScanner } from './index.js';
import { exOleObjStg, makePpt, pptStream, record } from './lure-fixtures.js';
import { inspectPptStream } from './ppt.js';
import { fakeClamd, makeAttachment } from './test-helpers.js';

/** Legacy PowerPoint: OLE objects and VBA kept in ExOleObjStg records (ppt.ts). */

const packageStorage = (name: string) =>
  o.makeCompoundFile({ '/\u0001Ole10Native': o.ole10NativeStream(name, o.FAKE_PROGRAM), '/\u0001CompObj': o.compObj('OLE Package', 'Package') });

const scan = async (name: string, data: Buffer) => {
  const att = makeAttachment(name, data, { id: 'a1' });
  return attachmentsScanner.scan(makeMessage({ attachments: [att] }), makeContext(makePolicy(), { clamd: fakeClamd() }));
};
const summary = (fs: Finding[]) => fs.map((f) => [f.kind, ...(f.tags ?? [])]);

describe('legacy PowerPoint embedded objects', () => {
  it('finds a packaged program in a compressed ExOleObjStg, and an Equation Editor object stored plain', async () => {
    expect(summary(await scan('bao-cao.ppt', makePpt(exOleObjStg(packageStorage('hoa-don.exe')))))).toEqual([
      ['attachment.dangerous-type', 'exe'], // the packaged file, walked as a member
      ['attachment.embedded-object', 'package', 'exe', 'executable', 'ole', 'ppt'],
    ]);
    expect(summary(await scan('bao-cao.pps', makePpt(exOleObjStg(o.makeEquationOleObject(), false))))).toEqual([
      ['attachment.exploit', 'equation-editor', 'ole', 'ppt'],
    ]);
  });

  it('sees the VBA project of a macro presentation', async () => {
    expect(summary(await scan('bao-cao.ppt', makePpt(exOleObjStg(p.makeVbaStorage()))))).toEqual([['attachment.macro', 'vba', 'ole', 'ppt']]);
  });

  it("tags a presentation's findings 'ppt' (and still 'ole'); a .doc or .xls gets no 'ppt'", async () => {
    const all = await scan('bao-cao.pps', makePpt(exOleObjStg(packageStorage('hoa-don.scr')), exOleObjStg(o.makeEquationOleObject())));
    expect(all.find((f) => f.subject !== 'bao-cao.pps')).toMatchObject({ kind: 'attachment.dangerous-type', subject: 'bao-cao.pps → hoa-don.scr' });
    const fs = all.filter((f) => f.subject === 'bao-cao.pps');
    expect(fs.length).toBe(2);
    for (const f of fs) expect(f.tags?.slice(-2), f.kind).toEqual(['ole', 'ppt']);
    const doc = o.makeCompoundFile({ '/WordDocument': Buffer.alloc(1024), '/Macros/VBA/_VBA_PROJECT': Buffer.alloc(64) });
    expect(summary(await scan('cong-van.doc', doc))).toEqual([['attachment.macro', 'vba', 'ole']]);
  });

  it('says nothing of a plain presentation or one with an embedded Excel chart', async () => {
    expect(await scan('bao-cao.ppt', makePpt())).toEqual([]);
    expect(await scan('bao-cao.ppt', makePpt(exOleObjStg(o.makeExcelObject())))).toEqual([]);
  });

  it('survives records that lie about their length, bad zlib data and truncation', async () => {
    const lying = Buffer.concat([record(0, 1, 0x1011, Buffer.from('not zlib at all')), record(0, 0, 0x1011, Buffer.alloc(3))]);
    const huge = Buffer.alloc(8);
    huge.writeUInt16LE(0x10, 0);
    huge.writeUInt16LE(0x1011, 2);
    huge.writeUInt32LE(0xffffffff, 4);
    for (const stream of [lying, huge, pptStream(exOleObjStg(packageStorage('a.exe'))).subarray(0, 300)]) {
      expect(() => inspectPptStream(stream)).not.toThrow();
    }
    expect(inspectPptStream(lying)).toMatchObject({ storages: 2, objects: [], unreadable: 2 });
    const ppt = makePpt(exOleObjStg(packageStorage('hoa-don.exe')));
    for (const cut of [600, ppt.length >> 1, ppt.length - 10]) {
      const fs = await scan('bao-cao.ppt', ppt.subarray(0, cut));
      expect(fs.filter((f) => f.kind === 'scanner.error')).toEqual([]);
    }
  });

  it('walks 200,000 empty records and a zlib bomb within its caps, quickly', () => {
    const many = Buffer.concat(Array.from({ length: 200_000 }, () => record(0, 0, 0x0fa0, Buffer.alloc(0))));
    const bomb = exOleObjStg(Buffer.alloc(64 * 1024 * 1024));
    const t0 = performance.now();
    expect(inspectPptStream(many).storages).toBe(0);
    expect(inspectPptStream(bomb)).toMatchObject({ storages: 1, unreadable: 1 });
    expect(performance.now() - t0).toBeLessThan(3000);
  });
});
