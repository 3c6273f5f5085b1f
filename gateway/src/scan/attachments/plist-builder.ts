/** Test builder: binary property lists (bplist00) for the link-file tests, written by hand (no plist library). */

/**
 * A binary property list as Safari writes a .webloc: one dictionary { URL: <url> } (and, when
 * `extra`, a second key before it), written by hand: header, objects, offset table, trailer.
 * `utf16`: the URL as a UTF-16 string (marker 0x6N), as plists store non-ASCII text.
 */
export function binaryWebloc(url: string, opts: { utf16?: boolean; extra?: boolean } = {}): Buffer {
  const strObj = (s: string, utf16 = false): Buffer => {
    const body = utf16 ? Buffer.from(s, 'utf16le').swap16() : Buffer.from(s, 'latin1');
    const n = s.length;
    const kind = utf16 ? 0x60 : 0x50;
    // lengths from 15 up follow the marker as an int object (0x10: one byte, 0x11: two bytes)
    const head = n < 15 ? Buffer.from([kind | n]) : n < 256 ? Buffer.from([kind | 0x0f, 0x10, n]) : Buffer.from([kind | 0x0f, 0x11, n >> 8, n & 0xff]);
    return Buffer.concat([head, body]);
  };
  const keys = opts.extra ? ['Name', 'URL'] : ['URL'];
  const values = opts.extra ? [strObj('Trang chu'), strObj(url, opts.utf16)] : [strObj(url, opts.utf16)];
  const n = keys.length;
  // object 0: the dictionary; 1..n: keys; n+1..2n: values (one-byte references)
  const dict = Buffer.from([0xd0 | n, ...keys.map((_, i) => 1 + i), ...values.map((_, i) => 1 + n + i)]);
  const objects = [dict, ...keys.map((k) => strObj(k)), ...values];
  const offsets: number[] = [];
  let at = 8;
  for (const o of objects) {
    offsets.push(at);
    at += o.length;
  }
  const table = at;
  const offsetTable = Buffer.alloc(objects.length * 2);
  offsets.forEach((o, i) => offsetTable.writeUInt16BE(o, i * 2));
  const trailer = Buffer.alloc(32);
  trailer[6] = 2; // offset size
  trailer[7] = 1; // object reference size
  trailer.writeBigUInt64BE(BigInt(objects.length), 8);
  trailer.writeBigUInt64BE(0n, 16); // top object
  trailer.writeBigUInt64BE(BigInt(table), 24);
  return Buffer.concat([Buffer.from('bplist00', 'latin1'), ...objects, offsetTable, trailer]);
}
