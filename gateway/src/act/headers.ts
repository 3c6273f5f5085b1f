import { decodeWords } from '../parse/headers.js';
import { encodeWords, isPrintableAscii } from './encoding.js';

/**
 * A header block edited as bytes. mailsplit's own Headers.build() re-folds and rewrites every line
 * with CRLF once anything changes; editing the raw block instead keeps every header we do not touch
 * byte for byte (line endings, folding, 8-bit bytes). Strings here are latin1: one char per byte.
 */
export interface HeaderField {
  /** lower-case field name; '' for a line that is not a header (mbox From_ line, garbage) */
  name: string;
  /** the field's bytes including folded continuation lines and their line endings */
  raw: string;
}

export interface HeaderBlock {
  fields: HeaderField[];
  /** the empty line ending the block (and anything after it); '' when the message ends in its headers */
  tail: string;
  /** line ending used by the block: '\r\n' or '\n' */
  eol: string;
}

export function parseHeaderBlock(block: Buffer): HeaderBlock {
  const text = block.toString('latin1');
  const lines = text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
  const fields: HeaderField[] = [];
  let tail = '';
  let eol = '';
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (!eol && line.endsWith('\n')) eol = line.endsWith('\r\n') ? '\r\n' : '\n';
    if (line === '\r\n' || line === '\n' || line === '\r') {
      tail = lines.slice(i).join('');
      break;
    }
    const last = fields[fields.length - 1];
    if ((line.startsWith(' ') || line.startsWith('\t')) && last) {
      last.raw += line;
      continue;
    }
    const colon = line.indexOf(':');
    const prefix = colon > 0 ? line.slice(0, colon).trimEnd() : '';
    // a field name is printable ASCII without spaces; anything else (mbox From_ line) has no name
    const name = /^[\x21-\x39\x3b-\x7e]+$/.test(prefix) ? prefix.toLowerCase() : '';
    fields.push({ name, raw: line });
  }
  return { fields, tail, eol: eol || '\r\n' };
}

export function buildHeaderBlock(block: HeaderBlock): Buffer {
  return Buffer.from(block.fields.map((f) => f.raw).join('') + block.tail, 'latin1');
}

/** A new field, one line (values we write are short or already folded with `eol`). */
export function headerField(name: string, value: string, eol: string): HeaderField {
  return { name: name.toLowerCase(), raw: `${name}: ${value}${eol}` };
}

/** The field's value without its name, colon and final line ending (still folded). */
export function fieldValue(field: HeaderField): string {
  const colon = field.raw.indexOf(':');
  return field.raw.slice(colon + 1).replace(/\r?\n$/, '');
}

/** Replaces the first field called `name` (removing any other of that name) or adds one at the end. */
export function setField(block: HeaderBlock, name: string, value: string): void {
  const lower = name.toLowerCase();
  const first = block.fields.find((f) => f.name === lower);
  const field = headerField(name, value, block.eol);
  if (!first) {
    block.fields.push(field);
    return;
  }
  block.fields = block.fields.filter((f) => f.name !== lower || f === first).map((f) => (f === first ? field : f));
}

/**
 * Sets the charset parameter of Content-Type, keeping the rest of the value as it was; adds a
 * `defaultType` Content-Type when there is none (text/plain is RFC 2045's default).
 */
export function setCharsetParam(block: HeaderBlock, charset: string, defaultType: string): void {
  const field = block.fields.find((f) => f.name === 'content-type');
  if (!field) {
    block.fields.push(headerField('Content-Type', `${defaultType}; charset=${charset}`, block.eol));
    return;
  }
  const ending = /\r?\n$/.exec(field.raw)?.[0] ?? '';
  const body = field.raw.slice(0, field.raw.length - ending.length);
  const re = /(;\s*)charset\s*=\s*("[^"]*"|[^;\s]*)/i;
  field.raw = (re.test(body) ? body.replace(re, `$1charset=${charset}`) : `${body}; charset=${charset}`) + (ending || block.eol);
}

/** Decoded header value (encoded words resolved, unfolded), for comparisons. */
export function decodedValue(field: HeaderField): string {
  const latin1 = fieldValue(field).replace(/\r?\n(?=[ \t])/g, '');
  // raw 8-bit header (SMTPUTF8): read it as UTF-8 when it is valid UTF-8
  const utf8 = Buffer.from(latin1, 'latin1').toString('utf8');
  const unfolded = Buffer.from(utf8, 'utf8').toString('latin1') === latin1 ? utf8 : latin1;
  return decodeWords(unfolded).trim();
}

/**
 * Prefixes every Subject field with `tag`, unless the subject already contains it (a reply to a
 * tagged message must not become "[TAG] Re: [TAG] ..."). A message without Subject gets one.
 * The tag is inserted right after "Subject:" and its whitespace; nothing else in the field moves.
 */
export function tagSubject(block: HeaderBlock, tag: string): void {
  const clean = tag.replace(/[\r\n\t]+/g, ' ').trim();
  if (!clean) return;
  const subjects = block.fields.filter((f) => f.name === 'subject');
  if (subjects.length === 0) {
    block.fields.push(headerField('Subject', isPrintableAscii(clean) ? clean : encodeWords(clean), block.eol));
    return;
  }
  const needle = clean.normalize('NFC').toLowerCase();
  for (const field of subjects) {
    if (decodedValue(field).normalize('NFC').toLowerCase().includes(needle)) continue;
    const colon = field.raw.indexOf(':');
    const rest = field.raw.slice(colon + 1);
    const lead = /^[ \t]*(?:\r?\n[ \t]+)?/.exec(rest)?.[0] ?? '';
    const value = rest.slice(lead.length);
    const empty = /^\s*$/.test(value);
    // Whitespace between two encoded words is not displayed, so the space that separates the tag
    // from an encoded subject goes inside our encoded word.
    const nextIsWord = /^=\?[^?\s]+\?[bBqQ]\?/.test(value);
    const encoded = isPrintableAscii(clean) ? clean : encodeWords(nextIsWord ? `${clean} ` : clean);
    field.raw = field.raw.slice(0, colon + 1) + (lead || ' ') + encoded + (empty ? '' : ' ') + value;
  }
}
