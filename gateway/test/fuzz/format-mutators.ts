/**
 * Mutations aimed at the newer readers, for the fuzzer (mutators.ts registers them):
 *  - PDFs (base64 attachments starting %PDF): damage inside embedded-file streams, their /Length,
 *    /Filter and /EF references, the /Encrypt dictionary, names; deflate bombs as embedded files;
 *  - compound files (.doc/.ppt/.xls, OLE objects): truncation, header and FAT fields, the RC4
 *    EncryptionHeader, the Word FIB's encryption flags, PowerPoint's CurrentUser/UserEdit/persist
 *    records, the OLE Package (Ole10Native) header fields;
 *  - MIME: folded and bare-CR boundaries, NUL/CR/UTF-7/RFC 2231 tricks in file names, a part
 *    forwarded (message/rfc822) many levels deep, header-block ends and signature fields
 *    (unsigned-head.ts), links delivery.ts and url-ref.ts read.
 *
 * Pure functions of (message, rng) like mutators.ts, on latin1 strings (one char per byte). Kept
 * apart from mutators.ts (no import of it: that module imports this one).
 */
import { deflateSync } from 'node:zlib';
import type { Rng } from './mutators.js';
import { NEWER_FORMAT_MUTATORS } from './newer-format-mutators.js';

export type FormatMutator = (msg: string, rng: Rng, seeds: readonly string[]) => string;

function replaceAt(msg: string, at: number, len: number, text: string): string {
  return msg.slice(0, at) + text + msg.slice(at + len);
}

/** Base64 bodies (runs of base64 lines) whose decoded bytes start with `magic`. */
function encodedFiles(msg: string, magic: Buffer): Array<{ start: number; end: number; data: Buffer; eol: string }> {
  const head = magic.toString('base64').slice(0, Math.floor((magic.length * 4) / 3));
  const out: Array<{ start: number; end: number; data: Buffer; eol: string }> = [];
  for (const m of msg.matchAll(/(?:^[A-Za-z0-9+/]{16,}={0,2}\r?\n)+/gm)) {
    if (!msg.startsWith(head, m.index!)) continue;
    out.push({ start: m.index!, end: m.index! + m[0].length, data: Buffer.from(m[0].replace(/\s+/g, ''), 'base64'), eol: m[0].includes('\r\n') ? '\r\n' : '\n' });
  }
  return out;
}

function withFile(msg: string, f: { start: number; end: number; eol: string }, data: Buffer): string {
  return replaceAt(msg, f.start, f.end - f.start, data.toString('base64').replace(/.{1,76}/g, (l) => l + f.eol));
}

/** Every index of `needle` in `buf`, at most 200. */
function indexesOf(buf: Buffer, needle: Buffer | string): number[] {
  const out: number[] = [];
  for (let i = buf.indexOf(needle); i >= 0 && out.length < 200; i = buf.indexOf(needle, i + 1)) out.push(i);
  return out;
}

const NASTY_U32 = [0, 1, 2, 0x7f, 0xff, 0x100, 0x1ff, 0x200, 0x1000, 0xfffe, 0xffff, 0x10000, 0x7fffffff, 0x80000000, 0xfffffffa, 0xfffffffc, 0xfffffffd, 0xfffffffe, 0xffffffff];

function nastyU32(rng: Rng, len: number): number {
  return rng.chance(0.2) ? rng.int(len + 1) : rng.pick(NASTY_U32);
}

function writeU32(buf: Buffer, at: number, v: number): void {
  if (at >= 0 && at + 4 <= buf.length) buf.writeUInt32LE(v >>> 0, at);
}

function writeU16(buf: Buffer, at: number, v: number): void {
  if (at >= 0 && at + 2 <= buf.length) buf.writeUInt16LE(v & 0xffff, at);
}

// ---- PDF ---------------------------------------------------------------------------------------

const PDF_MAGIC = Buffer.from('%PDF-');

/** A deflate stream inflating to 64 MB of zeros (made once). */
let bomb: Buffer | undefined;
const deflateBomb = () => (bomb ??= deflateSync(Buffer.alloc(64 * 1024 * 1024), { level: 9 }));

/** [start, end) of each stream body (after `stream` EOL, before `endstream`). */
function streamBodies(pdf: Buffer): Array<{ dictAt: number; start: number; end: number }> {
  const out: Array<{ dictAt: number; start: number; end: number }> = [];
  for (const s of indexesOf(pdf, 'stream')) {
    if (pdf[s - 1] === 0x64 /* endstream */) continue;
    let start = s + 6;
    if (pdf[start] === 0x0d) start++;
    if (pdf[start] === 0x0a) start++;
    const end = pdf.indexOf('endstream', start);
    if (end < 0) continue;
    out.push({ dictAt: Math.max(0, pdf.lastIndexOf('obj', s)), start, end });
  }
  return out;
}

export function mutatePdf(pdf: Buffer, rng: Rng): Buffer {
  const text = pdf.toString('latin1');
  const bodies = streamBodies(pdf);
  // embedded files first: that is what pdf-embedded.ts and pdf-decrypted.ts read
  const embedded = bodies.filter((b) => /EmbeddedFile|ObjStm/.test(text.slice(b.dictAt, b.start)));
  const body = embedded.length && rng.chance(0.7) ? rng.pick(embedded) : bodies.length ? rng.pick(bodies) : undefined;
  const sub = (re: RegExp, make: () => string): Buffer => {
    const ms = [...text.matchAll(re)];
    if (!ms.length) return Buffer.from(text.slice(0, rng.int(text.length + 1)), 'latin1');
    const m = rng.pick(ms);
    return Buffer.from(replaceAt(text, m.index!, m[0].length, make()), 'latin1');
  };
  switch (rng.int(12)) {
    case 0: {
      // bytes inside a stream
      if (!body) break;
      const out = Buffer.from(pdf);
      for (let k = 1 + rng.int(16); k > 0; k--) {
        const at = body.start + rng.int(Math.max(1, body.end - body.start));
        if (at < out.length) out[at] = rng.chance(0.5) ? rng.int(256) : out[at]! ^ (1 << rng.int(8));
      }
      return out;
    }
    case 1: // a stream cut short (its endstream and what follows kept)
      if (!body) break;
      return Buffer.concat([pdf.subarray(0, body.start + rng.int(Math.max(1, body.end - body.start))), pdf.subarray(body.end)]);
    case 2:
      return sub(/\/Length\s+\d+(?:\s+\d+\s+R)?/g, () => `/Length ${rng.pick(['0', '-1', '99999999999', '1 0 R', '4 0 R', '999 0 R', '1.5', '', '2147483648'])}`);
    case 3:
      return sub(/\/FlateDecode|\/Filter\s*\/\w+/g, () => rng.pick(['/LZWDecode', '/ASCIIHexDecode', '/ASCII85Decode', '[/FlateDecode /FlateDecode]', '/Crypt', '/DCTDecode', '/Foo', '[]', '[/FlateDecode /ASCIIHexDecode /RunLengthDecode]', '/Fl']));
    case 4:
      return sub(/\/EF\s*<<[^>]*>>/g, () => rng.pick([`/EF << /F ${rng.int(12)} 0 R >>`, '/EF << /F 1 0 R /UF 1 0 R >>', '/EF << /F 999999 0 R >>', '/EF << /F (x) >>', '/EF 5 0 R', '/EF <<', '/EF << /F << /EF << /F 5 0 R >> >> >>']));
    case 5: {
      // an object repeated (more embedded files than MAX_EMBEDDED, duplicate numbers)
      const objs = [...text.matchAll(/\d+ 0 obj[\s\S]*?endobj/g)];
      if (!objs.length) break;
      const o = rng.pick(objs);
      const times = rng.pick([2, 70, 300]);
      const copies = Array.from({ length: times }, (_, i) => (rng.chance(0.5) ? o[0] : o[0].replace(/^\d+/, String(1000 + i)))).join('\n');
      return Buffer.from(replaceAt(text, o.index! + o[0].length, 0, `\n${copies}`), 'latin1');
    }
    case 6: {
      // an embedded file that inflates to 64 MB, or an object stream that claims a million objects
      const bombStream = rng.chance(0.5)
        ? Buffer.concat([Buffer.from(`\n90 0 obj\n<< /Type /Filespec /F (bomb.exe) /EF << /F 91 0 R >> >>\nendobj\n91 0 obj\n<< /Type /EmbeddedFile /Filter /FlateDecode /Length ${deflateBomb().length} >>\nstream\n`), deflateBomb(), Buffer.from('\nendstream\nendobj\n')])
        : Buffer.from(`\n92 0 obj\n<< /Type /ObjStm /N 1000000 /First ${rng.pick([0, 5, 99999])} /Length 20 >>\nstream\n1 0 2 5 3 9 (a) /EF <<\nendstream\nendobj\n`);
      const at = text.lastIndexOf('xref') > 0 ? text.lastIndexOf('xref') : text.length;
      return Buffer.concat([pdf.subarray(0, at), bombStream, pdf.subarray(at)]);
    }
    case 7:
      // file names: unbalanced parentheses, escapes, UTF-16 with an odd length, hex strings
      return sub(/\/(?:UF|F)\s*\([^)]*\)/g, () => `/UF ${rng.pick(['(a\\', '((((', '(\\376\\377\\000a\\000)', '(\xfe\xff\0a\0.\0e\0x\0e\0', '<FEFF0061002E006500780065>', '<FEFF00', '(a\\)b.exe)', `(${'\\('.repeat(2000)})`, '(\0\0\0)', '()'])}`);
    case 8:
      return sub(/\/(?:V|R|Length|P|StmF|StrF|CFM)\s+[^\s/>]+/g, () => rng.pick(['/V 99', '/R 0', '/R 7', '/Length 3', '/Length 4096', '/P x', '/StmF /Nope', '/CFM /AESV9', '/V -1']));
    case 9:
      return sub(/endstream|endobj/g, () => rng.pick(['endstrea', '', 'endstream endstream', 'endobj']));
    case 10:
      return pdf.subarray(0, rng.int(pdf.length + 1));
    default:
      // an /Encrypt dictionary's strings (O, U, OE, UE, Perms) cut or lengthened
      return sub(/\/(?:O|U|OE|UE|Perms)\s*(?:<[0-9A-Fa-f\s]*>|\((?:[^)\\]|\\.)*\))/g, () => rng.pick(['/O <00>', '/U ()', `/U <${'00'.repeat(rng.pick([31, 33, 127, 48]))}>`, '/Perms <>', '/OE (short)']));
  }
  return pdf.subarray(0, rng.int(pdf.length + 1));
}

const pdfCorrupt: FormatMutator = (msg, rng) => {
  const files = encodedFiles(msg, PDF_MAGIC);
  if (!files.length) return msg;
  const f = rng.pick(files);
  let pdf = f.data;
  for (let k = 1 + rng.int(3); k > 0; k--) pdf = mutatePdf(pdf, rng);
  return withFile(msg, f, pdf);
};

// ---- compound files (OLE/CFB: .doc .xls .ppt, OLE objects) -------------------------------------

const CFB_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
/** Offsets of the CFB header fields a reader trusts (sector shifts, FAT/directory/mini FAT/DIFAT starts and counts). */
const CFB_HEADER_U32 = [44, 48, 56, 60, 64, 68, 72, 76, 80, 84];

export function mutateCfb(cfb: Buffer, rng: Rng): Buffer {
  const out = Buffer.from(cfb);
  const near = (needles: Array<Buffer | string>, span: number, f: (at: number) => void): boolean => {
    const hits = needles.flatMap((n) => indexesOf(out, n));
    if (!hits.length) return false;
    const at = rng.pick(hits);
    f(at + rng.int(span));
    return true;
  };
  switch (rng.int(10)) {
    case 0: // truncated: at a sector boundary or anywhere
      return out.subarray(0, rng.chance(0.5) ? 512 * rng.int(Math.ceil(out.length / 512) + 1) : rng.int(out.length + 1));
    case 1:
      if (rng.chance(0.3)) writeU16(out, rng.pick([26, 28, 30, 32]), rng.pick([0, 1, 7, 9, 12, 16, 31, 0xffff]));
      else writeU32(out, rng.pick(CFB_HEADER_U32) + (rng.chance(0.3) ? 4 * rng.int(100) : 0), nastyU32(rng, out.length >> 9));
      return out;
    case 2: {
      // a FAT or directory sector: cycles, free and end-of-chain markers where chains go on
      const sector = 1 + rng.int(Math.max(1, (out.length >> 9) - 1));
      for (let k = 1 + rng.int(8); k > 0; k--) writeU32(out, sector * 512 + 4 * rng.int(128), rng.chance(0.5) ? sector - 1 + rng.int(3) : nastyU32(rng, out.length >> 9));
      return out;
    }
    case 3:
      // RC4 EncryptionHeader: versions 1.1 (RC4) and 2-4.2 (CryptoAPI), then flags, sizes, key bits, salt, verifier
      if (near([Buffer.from([1, 0, 1, 0]), Buffer.from([2, 0, 2, 0]), Buffer.from([3, 0, 2, 0]), Buffer.from([4, 0, 2, 0])], 64, (at) => (rng.chance(0.5) ? writeU32(out, at, nastyU32(rng, 64)) : writeU16(out, at, rng.pick([0, 1, 2, 3, 4, 5, 0xffff]))))) return out;
      break;
    case 4:
      // Word FIB: wIdent 0xA5EC, then fEncrypted / fObfuscated / fWhichTblStm at +11, lKey at +14
      if (near([Buffer.from([0xec, 0xa5])], 1, (at) => {
        if (rng.chance(0.5)) out[at + 11] = (out[at + 11] ?? 0) ^ rng.pick([0x01, 0x02, 0x80, 0x83]);
        else writeU32(out, at + 14, nastyU32(rng, 4096));
      })) return out;
      break;
    case 5:
      // PowerPoint: CurrentUserAtom tokens and offsets, UserEditAtom, PersistDirectoryAtom, CryptSession10Container
      if (near([Buffer.from([0xdf, 0xc4, 0xd1, 0xf3]), Buffer.from([0x5f, 0xc0, 0x91, 0xe3]), Buffer.from([0xf5, 0x0f]), Buffer.from([0x72, 0x17]), Buffer.from([0x14, 0x2f])], 28, (at) =>
        rng.chance(0.2) ? out.writeUInt32LE(rng.pick([0xf3d1c4df, 0xe391c05f]), Math.min(at, out.length - 4)) : writeU32(out, at, nastyU32(rng, out.length)),
      )) return out;
      break;
    case 6:
      // OLE Package (Ole10Native): the size and the header's strings before the packaged bytes
      if (near(['.exe\0', '.js\0', '.bat\0', '.vbs\0', 'Package', 'O\0l\0e\x001\x000\0N'], 1, (at) => {
        const back = Math.max(0, at - rng.int(300));
        if (rng.chance(0.5)) writeU32(out, back, nastyU32(rng, out.length));
        else out.fill(rng.pick([0, 0xff, 0x41]), back, Math.min(out.length, back + 1 + rng.int(64)));
      })) return out;
      break;
    case 7: {
      // the directory: an entry's start sector, size, child/sibling ids (loops)
      const dirSector = out.length >= 52 ? out.readUInt32LE(48) : 0;
      const base = (dirSector + 1) * 512 + 128 * rng.int(4);
      writeU32(out, base + rng.pick([68, 72, 76, 116, 120]), rng.chance(0.3) ? rng.int(8) : nastyU32(rng, out.length));
      return out;
    }
    default:
      for (let k = 1 + rng.int(12); k > 0 && out.length; k--) out[rng.int(out.length)] = rng.int(256);
      return out;
  }
  return out.subarray(0, rng.int(out.length + 1));
}

const cfbCorrupt: FormatMutator = (msg, rng) => {
  const files = encodedFiles(msg, CFB_MAGIC);
  if (!files.length) return msg;
  const f = rng.pick(files);
  let cfb = f.data;
  for (let k = 1 + rng.int(3); k > 0; k--) cfb = mutateCfb(cfb, rng);
  return withFile(msg, f, cfb);
};

// ---- MIME: boundaries, names, forwarded parts, header block, links -----------------------------

/** Content-Type fields with a boundary parameter (value quoted or not). */
function boundaryParams(msg: string): RegExpExecArray[] {
  // values up to 200 characters, as mutators.ts: a 70 KB value put in a RegExp is too large for V8
  return ([...msg.matchAll(/boundary\s*=\s*(?:"([^"\r\n]*)"|([^;\s]+))/gi)] as RegExpExecArray[]).filter((m) => (m[1] ?? m[2] ?? '').length <= 200);
}

const foldBoundary: FormatMutator = (msg, rng) => {
  const ps = boundaryParams(msg);
  if (!ps.length) return msg;
  const m = rng.pick(ps);
  const b = m[1] ?? m[2]!;
  const cut = rng.int(b.length + 1);
  switch (rng.int(7)) {
    case 0: // folded inside its quotes (the delimiters keep the unfolded value)
      return replaceAt(msg, m.index!, m[0].length, `boundary="${b.slice(0, cut)}${rng.pick(['\r\n ', '\r\n\t', '\n ', '\r ', '\r\n \r\n '])}${b.slice(cut)}"`);
    case 1: // unquoted with a space
      return replaceAt(msg, m.index!, m[0].length, `boundary=${b.slice(0, cut)} ${b.slice(cut)}`);
    case 2: // folded between the name and the value
      return replaceAt(msg, m.index!, m[0].length, `boundary${rng.pick(['\r\n =', '=\r\n ', ' \r\n\t= '])}"${b}"`);
    case 3: {
      // delimiter lines ended by a bare CR
      const esc = b.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      return msg.replace(new RegExp(`^(--${esc}(?:--)?)\\r?\\n`, 'gm'), (all, line: string) => (rng.chance(0.6) ? `${line}\r` : all));
    }
    case 4: // a second, folded boundary parameter
      return replaceAt(msg, m.index! + m[0].length, 0, `; boundary="${b}\r\n x"`);
    case 5: // the boundary is a 8-bit or NUL-carrying value
      return replaceAt(msg, m.index!, m[0].length, `boundary="${b.slice(0, cut)}${rng.pick(['\0', '\xe1', '\r', '\xff\xfe'])}${b.slice(cut)}"`);
    default: // a very long folded value
      return replaceAt(msg, m.index!, m[0].length, `boundary="${b}${'\r\n x'.repeat(rng.pick([10, 500, 5000]))}"`);
  }
};

/** UTF-7 of an ASCII string with every '.' written as +AC4- (what Outlook decodes and libmime does not). */
const utf7Dots = (name: string) => name.replace(/\./g, '+AC4-');

const nameTricks: FormatMutator = (msg, rng) => {
  const ms = [...msg.matchAll(/\b((?:file)?name)\s*=\s*(?:"([^"\r\n]*)"|([^;\s]+))/gi)];
  if (!ms.length) return msg;
  const m = rng.pick(ms);
  const key = m[1]!;
  const name = m[2] ?? m[3]!;
  const cut = rng.int(name.length + 1);
  let value: string;
  switch (rng.int(9)) {
    case 0: value = `${key}="${name.slice(0, cut)}${rng.pick(['\0', '\0\0', '\r', '\r\n', '\n', '\0.pdf', '\r.pdf'])}${name.slice(cut)}"`; break;
    case 1: value = `${key}="=?utf-7?Q?${utf7Dots(name)}?="`; break;
    case 2: value = `${key}="=?utf-7?B?${Buffer.from(utf7Dots(name), 'latin1').toString('base64')}?="`; break;
    case 3: value = `${key}="=?utf-7?Q?${rng.pick(['+', '+AC4', '+////////////////', '+-', '+ZZZ-', '+' + 'A'.repeat(rng.pick([10, 5000]))])}${name}?="`; break;
    case 4: value = `${key}="=?x-unknown-${rng.int(9)}?Q?${name.replace(/\./g, '=2E')}?="`; break;
    case 5: // RFC 2231 continuations out of order
      value = `${key}*1="${name.slice(cut)}"; ${key}*0="${name.slice(0, cut)}"`;
      break;
    case 6: // extended continuations with bad percent escapes, NULs
      value = `${key}*0*=utf-8''${encodeURIComponent(name.slice(0, cut))}%00; ${key}*1*=%E1%BA; ${key}*2*=%${rng.pick(['', 'Z', 'ZZ', '2'])}`;
      break;
    case 7: // many continuations, some numbered alike
      value = Array.from({ length: rng.pick([5, 300, 1500]) }, (_, i) => `${key}*${rng.chance(0.1) ? 0 : i}="${name[i % Math.max(1, name.length)] ?? 'a'}"`).join('; ');
      break;
    default: // the same parameter twice, differing
      value = `${key}="${name}"; ${key}="${name}\0.exe"`;
  }
  return replaceAt(msg, m.index!, m[0].length, value);
};

/** A part between two delimiter lines wrapped in forwarded messages (message/rfc822), `depth` deep. */
const forwardPart: FormatMutator = (msg, rng) => {
  const ps = boundaryParams(msg);
  if (!ps.length) return msg;
  const m = rng.pick(ps);
  const b = (m[1] ?? m[2]) || 'x';
  const esc = b.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const lines = [...msg.matchAll(new RegExp(`^--${esc}\\r?\\n`, 'gm'))];
  if (lines.length < 1) return msg;
  const l = rng.pick(lines);
  const start = l.index! + l[0].length;
  const next = msg.indexOf(`\n--${b}`, start);
  const end = next < 0 ? msg.length : next + 1;
  let part = msg.slice(start, end).replace(/\r?\n$/, '');
  const depth = rng.pick([1, 2, 3, 8, 25]);
  for (let i = 0; i < depth; i++) {
    const ib = rng.chance(0.15) ? b : `fw${i}-${rng.int(1000)}`; // sometimes the outer boundary again
    const close = rng.chance(0.9) ? `\r\n--${ib}--` : '';
    const inner = `From: f${i}@fwd.example\r\nSubject: Fwd ${i}\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="${ib}"\r\n\r\n--${ib}\r\nContent-Type: text/plain\r\n\r\nchuyển tiếp\r\n--${ib}\r\n${part}${close}\r\n`;
    part = rng.chance(0.15)
      ? `Content-Type: message/rfc822\r\nContent-Transfer-Encoding: base64\r\n\r\n${Buffer.from(inner, 'latin1').toString('base64').replace(/.{1,76}/g, '$&\r\n')}`
      : `Content-Type: message/rfc822\r\nContent-Disposition: ${rng.pick(['attachment; filename="fwd.eml"', 'inline'])}\r\n\r\n${inner}`;
  }
  return replaceAt(msg, start, end - start, `${part}\r\n`);
};

/** The end of the header block and the signature fields unsigned-head.ts looks for. */
const headBlock: FormatMutator = (msg, rng) => {
  const sep = msg.search(/\r?\n\r?\n/);
  const field = rng.pick([
    'DKIM-Signature: v=1; a=rsa-sha256; d=sender.example; s=s1; h=from; bh=AAAA; b=BBBB\r\n',
    'ARC-Seal: i=1; a=rsa-sha256; cv=none; d=x.example; s=s; b=AA\r\n',
    'dkim-signature :\r\n',
    'X-DKIM-Signature: fake\r\n',
    'DKIM-Signature: v=1;\r\n' + ' b=AAAA\r\n'.repeat(rng.pick([1, 1000, 20_000])),
  ]);
  switch (rng.int(6)) {
    case 0: return field + msg;
    case 1: return sep < 0 ? msg + field : replaceAt(msg, sep + 2, 0, field); // a signature field after the blank line (a body line)
    case 2: return sep < 0 ? msg : replaceAt(msg, sep, msg.slice(sep).match(/^\r?\n\r?\n/)![0].length, rng.pick(['\n\r\n', '\r\n\r', '\n\r', '\r\r', '\n\n', '\r\n \r\n', '\r\n'])); // odd or no header end
    case 3: return rng.pick(['\r\n', '\n', '\n\r\n', '\r\n\r\n']) + msg; // an empty header block
    case 4: return sep < 0 ? msg : msg.slice(0, sep + rng.int(5)); // headers only, cut around the end
    default: return `X-Pad: ${'a'.repeat(rng.pick([1 << 20, (1 << 20) - 40, 70_000]))}\r\n${msg}`; // around MAX_HEAD_BYTES
  }
};

const LINKS = [
  'file://203.0.113.7/share/hoa-don.exe', 'file:////203.0.113.7/s/x.lnk', 'file:///C:/Windows/System32/calc.exe', 'file:', 'file://',
  '\\\\203.0.113.7\\share\\x.url', '\\\\evil.example@SSL@443\\DavWWWRoot\\a.hta', '\\\\?\\UNC\\host\\s\\a.exe', '\\\\', '\\\\\\\\\\',
  'search-ms:query=x&crumb=location:\\\\203.0.113.7\\s', 'ms-msdt:/id PCWDiagnostic /skip force', 'ms-word:ofe|u|\\\\host\\x.doc', 'ms-excel:', 'mk:@MSITStore:',
  'https://firebasestorage.googleapis.com/v0/b/x/o/a%2Fb%2FHoaDon.zip?alt=media', 'https://a.example/dl?file=setup.exe&name=..%2F..%2Fx.iso',
  'https://a.example/%', 'https://a.example/%2', 'https://a.example/%E1%BA', 'https://a.example/x.exe%00.pdf', 'https://a.example/' + 'a/'.repeat(5000) + 'x.msi',
  'https://xn--80a.example/x.scr', 'https://[::1]/x.vhd', 'ftp://a.example/x.img', 'https://a.example/x.zip#.pdf', '//cdn.example/x.exe', 'https://a.example/?' + '%2F'.repeat(3000),
];

const linkTricks: FormatMutator = (msg, rng) => {
  const link = rng.pick(LINKS);
  const html = `<a href="${link.replace(/"/g, '&quot;')}">${rng.pick(['tải về', link, 'hoa-don.pdf', ''])}</a>`;
  const htmlPart = msg.search(/^content-type:\s*text\/html[^\r\n]*\r?\n(?:[^\r\n]+\r?\n)*\r?\n/im);
  if (htmlPart >= 0 && rng.chance(0.6)) {
    const body = msg.slice(htmlPart).search(/\r?\n\r?\n/) + htmlPart + 4;
    return replaceAt(msg, Math.min(body, msg.length), 0, html.repeat(rng.pick([1, 1, 50])));
  }
  const textPart = msg.search(/\r?\n\r?\n/);
  if (textPart >= 0) return replaceAt(msg, textPart + 4, 0, `${link} \r\n`);
  return `${msg}\r\n\r\n${link}\r\n`;
};

export const FORMAT_MUTATORS: Record<string, FormatMutator> = {
  pdfCorrupt, cfbCorrupt, foldBoundary, nameTricks, forwardPart, headBlock, linkTricks,
  // disk images, FILEPASS, encoded forwards, pictures, duplicates (newer-format-mutators.ts)
  ...NEWER_FORMAT_MUTATORS,
};
