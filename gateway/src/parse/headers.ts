import libmime from './libmime.js';
import addressparser from 'nodemailer/lib/addressparser';
import type { Address, HeaderLine, ParsedMessage } from './types.js';
import { trimEndWhile } from '../trim.js';

const UTF8 = new TextDecoder('utf-8', { fatal: false });

/** MIME-word decoding that never throws (unknown charsets decode as UTF-8, as libmime does). */
export function decodeWords(value: string): string {
  // every change libmime makes needs an encoded word ('=?') or its join marker (with NULs)
  if (typeof value === 'string' && !value.includes('=?') && !value.includes('\0')) return value;
  try {
    return libmime.decodeWords(value);
  } catch {
    return value;
  }
}

/** One header field as it stood: lower-case key, unfolded value, MIME words not yet decoded. */
export interface RawField {
  key: string;
  value: string;
}

/**
 * Splits one raw header field ("Key: value", possibly folded over several lines) into key and
 * unfolded value. Raw 8-bit bytes are read as UTF-8 (invalid sequences become U+FFFD).
 * Returns undefined for a line without a colon.
 */
export function parseField(raw: Buffer): RawField | undefined {
  const text = UTF8.decode(raw);
  const colon = text.indexOf(':');
  if (colon <= 0) return undefined;
  const key = text.slice(0, colon).trim().toLowerCase();
  if (!key) return undefined;
  const unfolded = text.slice(colon + 1).replace(/\r?\n(?=[ \t])/g, '');
  const value = trimEndWhile(unfolded, (c) => c === 13 || c === 10).trim();
  return { key, value };
}

/** The HeaderLine list of the contract: values with MIME words decoded. */
export function headerLines(fields: RawField[]): HeaderLine[] {
  return fields.map((f) => ({ key: f.key, value: decodeWords(f.value) }));
}

function first(fields: RawField[], key: string): string | undefined {
  return fields.find((h) => h.key === key)?.value;
}

/**
 * Addresses of the first header of that name. Parsed before MIME-word decoding (a decoded
 * display name may hold commas), then display names are decoded.
 */
export function addressesOf(fields: RawField[], key: string): Address[] {
  const value = first(fields, key);
  if (!value) return [];
  try {
    return addressparser(value, { flatten: true }).map((a) => ({
      name: decodeWords(a.name ?? ''),
      address: a.address ?? '',
    }));
  } catch {
    return [];
  }
}

/** The fields of a ParsedMessage that come from its header block. */
export type EnvelopeHeaders = Pick<ParsedMessage, 'subject' | 'from' | 'replyTo' | 'to' | 'cc' | 'messageId' | 'date'>;

/**
 * The headers every scanner reads, taken from the first occurrence (what mail clients show).
 * `lines`: headerLines(fields) when the caller has it, so the subject is not decoded twice.
 */
export function envelopeHeaders(fields: RawField[], lines?: HeaderLine[]): EnvelopeHeaders {
  const dateValue = first(fields, 'date');
  const date = dateValue ? new Date(dateValue) : undefined;
  return {
    subject: lines ? (lines.find((h) => h.key === 'subject')?.value ?? '') : decodeWords(first(fields, 'subject') ?? ''),
    from: addressesOf(fields, 'from'),
    replyTo: addressesOf(fields, 'reply-to'),
    to: addressesOf(fields, 'to'),
    cc: addressesOf(fields, 'cc'),
    messageId: first(fields, 'message-id') ?? '',
    date: date && !Number.isNaN(date.getTime()) ? date : undefined,
  };
}
