import { describe, expect, it } from 'vitest';
import * as p from '../../../../test-fixtures/attachments/payloads.mjs';
import { sniffType } from './true-type.js';

describe('true type by magic bytes', () => {
  it('recognises executables, archives and OLE documents', async () => {
    expect((await sniffType(p.makePe()))?.ext).toBe('exe');
    expect((await sniffType(p.makeRarHeader()))?.ext).toBe('rar');
    expect((await sniffType(p.make7zHeader()))?.ext).toBe('7z');
    expect((await sniffType(p.makeOleDoc()))?.ext).toBe('cfb');
    expect((await sniffType(p.makePdf()))?.ext).toBe('pdf');
    expect((await sniffType(await p.makeWordDocument()))?.ext).toBe('docx');
  });

  it('recognises gzip and tar, also a tar whose first member is named like a PDF', async () => {
    expect(await sniffType(p.makeGzip('x'))).toEqual({ ext: 'gz', mime: 'application/gzip' });
    expect(await sniffType(p.makeTar({ 'a.txt': 'x' }))).toEqual({ ext: 'tar', mime: 'application/x-tar' });
    expect((await sniffType(p.makeTar({ '%PDF-1.7.exe': p.makePe() })))?.ext).toBe('tar');
    expect((await sniffType(p.makeTar({ 'a.txt': 'x' }, { format: 'gnu' })))?.ext).toBe('tar');
  });

  it('recognises ISO and VHDX disk images, which file-type does not', async () => {
    const iso = Buffer.alloc(0x9000);
    iso.write('CD001', 0x8001, 'latin1');
    expect((await sniffType(iso))?.ext).toBe('iso');
    expect((await sniffType(Buffer.from('vhdxfile' + '\0'.repeat(100))))?.ext).toBe('vhdx');
  });

  it('recognises nothing in plain text', async () => {
    expect(await sniffType(Buffer.from('Kính gửi anh chị'))).toBeUndefined();
  });
});
