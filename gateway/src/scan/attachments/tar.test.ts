import { execFileSync } from 'node:child_process';
import { linkSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as p from '../../../../test-fixtures/attachments/payloads.mjs';
import { looksLikeTar, tarEntries, TarFormatError, type TarEntry } from './tar.js';

const LONG_DIR = 'thu-muc-co-ten-rat-dai/'.repeat(6);
const LONG = `${LONG_DIR}hoa-don.pdf.exe`; // 153 bytes: past the 100-byte name field

const list = (tar: Buffer) => [...tarEntries(tar)].map((e) => `${e.type} ${e.name}${e.linkName ? ` -> ${e.linkName}` : ''}`);

describe('tar reader', () => {
  it.each(['pax', 'gnu', 'ustar'] as const)('reads names, data and links of a %s archive (our writer)', (format) => {
    const tar = p.makeTar(
      [
        { name: 'a.txt', data: 'xin chào' },
        { name: 'thu-muc', type: 'dir' },
        { name: LONG, data: p.makePe() },
        { name: 'lien-ket', type: 'symlink', linkName: '/etc/passwd' },
        { name: 'ban-sao', type: 'hardlink', linkName: 'a.txt' },
        { name: 'thiet-bi', type: 'char' },
      ],
      { format },
    );
    expect(looksLikeTar(tar)).toBe(true);
    expect(list(tar)).toEqual([
      'file a.txt',
      'directory thu-muc',
      `file ${LONG}`,
      'symlink lien-ket -> /etc/passwd',
      'hardlink ban-sao -> a.txt',
      'device thiet-bi',
    ]);
    const entries = [...tarEntries(tar)];
    expect(entries[0]!.data.toString()).toBe('xin chào');
    expect(entries[2]!.data.equals(p.makePe())).toBe(true);
  });

  describe('archives made by GNU tar', () => {
    let dir: string;
    const make = (...args: string[]) =>
      execFileSync('tar', ['-c', '--owner=0', '--group=0', '--numeric-owner', '--sort=name', '-C', path.join(dir, 'src'), ...args, '.'], {
        maxBuffer: 1 << 24,
      });

    beforeAll(() => {
      dir = mkdtempSync(path.join(os.tmpdir(), 'lachan-tar-'));
      const src = path.join(dir, 'src');
      mkdirSync(path.join(src, LONG_DIR), { recursive: true });
      writeFileSync(path.join(src, LONG), p.makePe());
      writeFileSync(path.join(src, 'tệp-việt.txt'), 'Kính gửi');
      symlinkSync('../../ngoai.exe', path.join(src, 'lien-ket'));
      linkSync(path.join(src, 'tệp-việt.txt'), path.join(src, 'z-ban-sao'));
    });
    afterAll(() => {
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it.each([['--format=gnu'], ['--format=posix'], ['--format=ustar']])('gives the real long name with %s', (format) => {
      const entries = [...tarEntries(make(format))];
      const files = entries.filter((e) => e.type === 'file');
      expect(files.map((e) => e.name).sort()).toEqual([`./${LONG}`, './tệp-việt.txt']);
      expect(files.find((e) => e.name.endsWith('.exe'))!.data.equals(p.makePe())).toBe(true);
      expect(entries.find((e) => e.type === 'symlink')).toMatchObject({ name: './lien-ket', linkName: '../../ngoai.exe' });
      expect(entries.find((e) => e.type === 'hardlink')).toMatchObject({ name: './z-ban-sao', linkName: './tệp-việt.txt' });
    });
  });

  it('stops with TarFormatError where a truncated archive breaks, after the entries before it', () => {
    const tar = p.makeTar({ 'a.txt': 'một', 'b.bin': Buffer.alloc(5000, 7) });
    const cut = tar.subarray(0, 512 + 512 + 512 + 1000); // a.txt, then b.bin's header and part of its data
    const seen: TarEntry[] = [];
    expect(() => {
      for (const e of tarEntries(cut)) seen.push(e);
    }).toThrow(TarFormatError);
    expect(seen.map((e) => e.name)).toEqual(['a.txt']);
    expect(() => [...tarEntries(tar.subarray(0, 1024 + 100))]).toThrow(/truncated tar header/);
  });

  it('refuses a header with a wrong checksum or a size that is not a number', () => {
    const tar = p.makeTar({ 'a.txt': 'x' });
    const bad = Buffer.from(tar);
    bad[0] = 'b'.charCodeAt(0);
    expect(() => [...tarEntries(bad)]).toThrow(/checksum/);
    expect(looksLikeTar(bad)).toBe(false);
    expect(() => [...tarEntries(Buffer.from('x'.repeat(2000)))]).toThrow(TarFormatError);
  });

  it('reads a v7 archive (no ustar magic) and its slash-marked directories', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'lachan-v7-'));
    mkdirSync(path.join(dir, 'src', 'thu-muc'), { recursive: true });
    try {
      writeFileSync(path.join(dir, 'src', 'thu-muc', 'a.txt'), 'x');
      const v7 = execFileSync('tar', ['-c', '--format=v7', '--sort=name', '-C', path.join(dir, 'src'), 'thu-muc']);
      expect(v7.toString('latin1', 257, 262)).not.toBe('ustar');
      expect(list(v7)).toEqual(['directory thu-muc/', 'file thu-muc/a.txt']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    // the oldest writers use a regular-file entry whose name ends in a slash
    expect(list(p.makeTar([{ name: 'cu/' }, { name: 'cu/b.txt', data: 'y' }]))).toEqual(['directory cu/', 'file cu/b.txt']);
  });

  it('accepts an archive without its end-of-archive blocks', () => {
    const tar = p.makeTar({ 'a.txt': 'x' });
    expect(list(tar.subarray(0, 1024))).toEqual(['file a.txt']);
  });

  it('reads a GNU base-256 size', () => {
    const tar = Buffer.from(p.makeTar({ 'a.txt': 'xyz' }));
    tar.fill(0, 124, 136);
    tar[124] = 0x80;
    tar[135] = 3;
    tar.fill(0x20, 148, 156);
    let sum = 0;
    for (let i = 0; i < 512; i += 1) sum += tar[i]!;
    tar.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 'latin1');
    expect([...tarEntries(tar)][0]!.data.toString()).toBe('xyz');
  });
});
