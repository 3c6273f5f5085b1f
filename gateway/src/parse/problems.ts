import type { ParseProblem } from './types.js';

/** What a problem means for the message; each category is one finding kind (scan/structure.ts). */
export type ProblemCategory = 'malformed' | 'unscannable' | 'limit' | 'smtp-smuggling';

/**
 * Every ParseProblem code the parser reports, with what it means for the message, so the scanner
 * that turns problems into findings can map them without guessing:
 * - malformed: the structure is broken but was parsed (FINDING 'message.malformed')
 * - unscannable: part of the message was not walked (FINDING 'message.unscannable')
 * - limit: an explicit limit was crossed (FINDING 'message.limit-exceeded')
 * - smtp-smuggling: a second SMTP transaction hidden in DATA (FINDING 'message.smtp-smuggling')
 */
export const PROBLEM_CODES = {
  // Structures that mail programs split in different ways: what a reader's client shows (an
  // attachment, a link) may be something we never saw as such, so these count as unscannable.
  'missing-boundary': 'unscannable', // multipart without a usable boundary, or boundary never in the body
  'duplicate-boundary': 'unscannable', // a nested multipart reuses an enclosing boundary
  'ambiguous-boundary': 'unscannable', // boundaries that are prefixes of each other; QP soft break before a boundary
  'ambiguous-header': 'unscannable', // several different Content-Type / Content-Transfer-Encoding / Content-Disposition in one part
  'ambiguous-encoding': 'unscannable', // a Content-Transfer-Encoding mail clients decode and we pass raw: "base64 junk", "\"base64\"", x-uuencode
  'unreadable-part': 'unscannable', // message/partial (a fragment clients join with others) or message/external-body (content fetched from elsewhere)
  binhex: 'unscannable', // a BinHex file in a text part or an application/mac-binhex40 part: clients show it as an attachment, it is not extracted
  yenc: 'unscannable', // a yEnc-encoded file in a text part: clients show it as an attachment, it is not extracted
  uuencode: 'unscannable', // a uuencoded file ("begin 644 name") in a text part: Thunderbird and Outlook show it as an attachment, it is not extracted
  'bad-base64': 'malformed', // invalid characters, data after padding, length not a multiple of 4
  'bad-charset': 'malformed', // unknown charset, or one refused on purpose (UTF-7)
  'bad-content-type': 'malformed', // Content-Type that is not type/subtype
  'bad-encoding': 'malformed', // unknown Content-Transfer-Encoding, or base64/QP on a multipart
  'bad-header': 'malformed', // NUL or bare CR in a header, a header line without a colon
  // Folding inside a boundary value is legal (RFC 5322) but read differently (Python keeps the line
  // break, others cut there): malformed only while no body line splits by another reading, which
  // is 'ambiguous-boundary' (parse/boundary-readings.ts)
  'folded-boundary': 'malformed', // boundary="abc<CRLF> def" folded inside its value, or unquoted with a space
  'no-body': 'malformed', // empty input, no header/body separator, empty body
  truncated: 'malformed', // closing boundary missing, input ends inside a part or fails to read
  'depth-exceeded': 'unscannable', // multipart or message/rfc822 nesting past limits.maxMimeDepth
  'too-many-parts': 'unscannable', // more than limits.maxParts parts (nested included); the rest is not parsed
  'html-too-deep': 'unscannable', // HTML nested past 512 elements; the rest of that HTML is not read
  'parse-error': 'unscannable', // mailparser failed; what was parsed before is returned
  'calendar-file-limit': 'unscannable', // a file inside a calendar invitation (ATTACH;VALUE=BINARY) past the count or byte cap, or unreadable: not (fully) taken out
  'too-many-headers': 'limit', // more than limits.maxHeaderCount header fields in one header block
  'header-too-long': 'limit', // an unfolded header field longer than limits.maxHeaderLineLength
  'too-many-header-lines': 'limit', // the message's own header block has more than MAX_TOP_HEADER_LINES lines (continuations included): sender authentication is not run on it
  'too-many-urls': 'limit', // more than limits.maxUrls URLs
  'text-too-long': 'limit', // text or HTML beyond limits.maxTextBytes was dropped
  // An attack on the mail servers behind us rather than a broken structure (FINDING 'message.smtp-smuggling')
  'smtp-smuggling': 'smtp-smuggling', // a loose end-of-data sequence (<LF>.<CR><LF>, <CR>.<CR>, ...) followed by MAIL FROM / RCPT TO lines: parse/smtp-smuggling.ts
} as const satisfies Record<string, ProblemCategory>;

export type ProblemCode = keyof typeof PROBLEM_CODES;

/**
 * The problems of one message: one entry per code (the first detail wins), so a message with
 * ten thousand bad parts yields a short, readable list.
 */
export class ProblemList {
  readonly #byCode = new Map<string, ParseProblem>();

  add(code: ProblemCode, detail: string): void {
    if (!this.#byCode.has(code)) this.#byCode.set(code, { code, detail });
  }

  has(code: ProblemCode): boolean {
    return this.#byCode.has(code);
  }

  list(): ParseProblem[] {
    return [...this.#byCode.values()];
  }
}
