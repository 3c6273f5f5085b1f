import iconv from 'iconv-lite';
import libmime from './libmime.js';

/**
 * Calendar invitations (RFC 5545 iCalendar): the text/calendar part Outlook and Google put in a
 * meeting invite's multipart/alternative, and .ics attachments. A calendar client adds the event
 * (with its "Join the meeting" link) even when the mail itself is ignored, so its links and its
 * text are read like a body's. This module only reads the iCalendar text; parse/index.ts turns
 * what it finds into UrlRefs (source 'calendar') and ParsedMessage.calendarText.
 */

/**
 * Content lines (after unfolding) read from one calendar part; the rest is not read. An invitation
 * has a few dozen; an exported calendar of a thousand events some tens of thousands.
 */
export const MAX_CALENDAR_LINES = 50_000;
/** Events, to-dos and journal entries read from one calendar part; the rest is not read. */
export const MAX_CALENDAR_EVENTS = 1000;

/** Content types of calendar parts; an .ics/.vcs file name also makes a part one (application/octet-stream). */
const CALENDAR_TYPES = new Set(['text/calendar', 'application/ics', 'text/x-vcalendar', 'application/x-ics']);
const CALENDAR_NAME = /\.(ics|ifb|vcs)$/i;

export function isCalendarPart(contentType: string, filename: string): boolean {
  return CALENDAR_TYPES.has(contentType) || CALENDAR_NAME.test(filename.trim());
}

/** Components a reader sees as one entry in the calendar. */
const ENTRIES = new Set(['VEVENT', 'VTODO', 'VJOURNAL']);
/** TEXT properties in which links are looked for as in plain text. */
const TEXT_PROPERTIES = new Set(['SUMMARY', 'LOCATION', 'DESCRIPTION', 'COMMENT']);
/** TEXT properties a calendar client shows for an event (what the content scanner reads). */
const SHOWN_PROPERTIES = new Set(['SUMMARY', 'LOCATION', 'DESCRIPTION']);
/** URI-valued properties: the event's link, its attachments (by reference), its conference (RFC 7986). */
const URI_PROPERTIES = new Set(['URL', 'ATTACH', 'CONFERENCE']);
const HTTP_URI = /^https?:\/\/\S/i;

export interface CalendarRead {
  /** URI values: URL, ATTACH by reference (not inline binaries), CONFERENCE, ALTREP parameters, X- properties holding an http(s) URI. */
  uris: string[];
  /** Unescaped TEXT values to look for links in: SUMMARY, LOCATION, DESCRIPTION, COMMENT. */
  texts: string[];
  /** Unescaped HTML descriptions (X-ALT-DESC;FMTTYPE=text/html). */
  html: string[];
  /** What a calendar shows of each entry: SUMMARY, LOCATION, DESCRIPTION, unescaped, in order. */
  shown: string[];
  /** Whether the part had a DESCRIPTION (else the HTML description's text stands for it). */
  hasDescription: boolean;
  /** Set when reading stopped at a limit: which one. */
  stopped?: string;
}

/** The part's bytes as text in its declared charset (iCalendar's default is UTF-8; UTF-7 is refused as elsewhere). */
export function decodeCalendar(bytes: Buffer, charset: string | undefined): string {
  const name = charset ? libmime.normalizeCharset(charset.trim().replace(/^["']|["']$/g, '')) : 'UTF-8';
  let text: string;
  if (/^utf-?8$/i.test(name) || /^utf-?7/i.test(name) || !iconv.encodingExists(name)) text = bytes.toString('utf8');
  else {
    try {
      text = iconv.decode(bytes, name);
    } catch {
      text = bytes.toString('utf8');
    }
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** TEXT unescaping (RFC 5545 3.3.11): \n \N → newline, \, \; \\ → the character. Other backslashes stay. */
export function unescapeText(value: string): string {
  if (!value.includes('\\')) return value;
  return value.replace(/\\([\\;,nN])/g, (_m, c: string) => (c === 'n' || c === 'N' ? '\n' : c));
}

/** A URI value: not TEXT, but generators escape its commas and semicolons all the same. */
function unescapeUri(value: string): string {
  return value.includes('\\') ? value.replace(/\\([\\;,])/g, '$1') : value;
}

/**
 * Whether an ATTACH property holds the file itself, not a URI: VALUE=BINARY or a base64 ENCODING
 * (vCalendar's ENCODING=B too). Such files are taken out by calendar-files.ts.
 */
export function isInlineFile(params: ReadonlyMap<string, string>): boolean {
  const encoding = params.get('ENCODING')?.trim().toUpperCase();
  return params.get('VALUE')?.trim().toUpperCase() === 'BINARY' || encoding === 'BASE64' || encoding === 'B';
}

interface ContentLine {
  name: string;
  /** Parameter names upper case; values unquoted, several values joined with ','. */
  params: Map<string, string>;
  value: string;
}

/**
 * One unfolded content line: `NAME;PARAM=value;PARAM="quoted:value":VALUE`. Undefined when it has
 * no name or no colon (a broken line is skipped, not fatal).
 */
export function contentLine(line: string): ContentLine | undefined {
  let i = 0;
  while (i < line.length && line[i] !== ';' && line[i] !== ':') i++;
  if (i === 0 || i >= line.length) return undefined;
  // 'group.NAME' (vCard style) is read as NAME
  let name = line.slice(0, i).trim().toUpperCase();
  const dot = name.lastIndexOf('.');
  if (dot >= 0) name = name.slice(dot + 1);
  const params = new Map<string, string>();
  while (line[i] === ';') {
    const start = ++i;
    while (i < line.length && line[i] !== '=' && line[i] !== ';' && line[i] !== ':') i++;
    const key = line.slice(start, i).trim().toUpperCase();
    const values: string[] = [];
    if (line[i] === '=') {
      i++;
      for (;;) {
        if (line[i] === '"') {
          const close = line.indexOf('"', i + 1);
          if (close < 0) return undefined; // unterminated quote: the line is broken
          values.push(line.slice(i + 1, close));
          i = close + 1;
        } else {
          const from = i;
          while (i < line.length && line[i] !== ',' && line[i] !== ';' && line[i] !== ':') i++;
          values.push(line.slice(from, i));
        }
        if (line[i] !== ',') break;
        i++;
      }
    }
    if (key && !params.has(key)) params.set(key, values.join(','));
  }
  if (line[i] !== ':') return undefined;
  return { name, params, value: line.slice(i + 1) };
}

/**
 * The unfolded content lines of `text` (RFC 5545 3.1: CRLF followed by a space or tab continues the
 * line; bare LF is taken as well), at most `maxLines`; `more` is true when lines were left.
 */
export function unfoldLines(text: string, maxLines: number): { lines: string[]; more: boolean } {
  const lines: string[] = [];
  let pieces: string[] = [];
  let more = false;
  let at = 0;
  while (at < text.length) {
    let end = text.indexOf('\n', at);
    if (end < 0) end = text.length;
    let piece = text.slice(at, end);
    if (piece.endsWith('\r')) piece = piece.slice(0, -1);
    at = end + 1;
    const c = piece.charCodeAt(0);
    if ((c === 32 || c === 9) && pieces.length > 0) {
      pieces.push(piece.slice(1));
      continue;
    }
    if (pieces.length > 0) {
      if (lines.length >= maxLines) {
        pieces = [];
        more = true;
        break;
      }
      lines.push(pieces.join(''));
    }
    pieces = piece === '' ? [] : [piece];
  }
  if (pieces.length > 0) {
    if (lines.length >= maxLines) more = true;
    else lines.push(pieces.join(''));
  }
  return { lines, more };
}

/**
 * Reads an iCalendar text: never throws, reads a broken one (no END:VCALENDAR, lines without a
 * colon, unterminated quotes) as far as it goes, and stops at MAX_CALENDAR_LINES content lines or
 * MAX_CALENDAR_EVENTS entries.
 */
export function readCalendar(text: string, limits: { maxLines?: number; maxEvents?: number } = {}): CalendarRead {
  const maxEvents = limits.maxEvents ?? MAX_CALENDAR_EVENTS;
  const out: CalendarRead = { uris: [], texts: [], html: [], shown: [], hasDescription: false };
  const { lines, more } = unfoldLines(text, limits.maxLines ?? MAX_CALENDAR_LINES);
  if (more) out.stopped = `more than ${limits.maxLines ?? MAX_CALENDAR_LINES} lines`;
  let entries = 0;
  for (const raw of lines) {
    const line = contentLine(raw);
    if (!line) continue;
    const { name, params, value } = line;
    if (name === 'BEGIN') {
      if (ENTRIES.has(value.trim().toUpperCase()) && ++entries > maxEvents) {
        out.stopped = `more than ${maxEvents} events`;
        break;
      }
      continue;
    }
    const altrep = params.get('ALTREP');
    if (altrep) out.uris.push(altrep);
    if (URI_PROPERTIES.has(name)) {
      // ATTACH;ENCODING=BASE64;VALUE=BINARY:... is the file itself, not a link (calendar-files.ts)
      if (!isInlineFile(params) && value.trim() !== '') out.uris.push(unescapeUri(value.trim()));
    } else if (name === 'X-ALT-DESC') {
      const type = (params.get('FMTTYPE') ?? '').trim().toLowerCase();
      if (type === 'text/html') out.html.push(unescapeText(value));
      else out.texts.push(unescapeText(value));
    } else if (TEXT_PROPERTIES.has(name)) {
      const unescaped = unescapeText(value);
      out.texts.push(unescaped);
      if (SHOWN_PROPERTIES.has(name) && unescaped.trim() !== '') out.shown.push(unescaped);
      if (name === 'DESCRIPTION') out.hasDescription = true;
    } else if (name.startsWith('X-') && HTTP_URI.test(value.trim())) {
      // X-GOOGLE-CONFERENCE, X-MICROSOFT-SKYPETEAMSMEETINGURL, ...: the meeting link a client shows
      out.uris.push(unescapeUri(value.trim()));
    }
  }
  return out;
}

/** Calendar pieces compared with the body per message; past it they are kept without comparing (bounds the work). */
const MAX_COMPARED = 500;
const collapse = (s: string): string => s.replace(/\s+/g, ' ').trim();

/**
 * The calendar text of one message (ParsedMessage.calendarText): what its invitations show of their
 * events, each piece once, and not the pieces the body's visible text already holds (Outlook repeats
 * the body as DESCRIPTION; Google sends the same invite inline and as invite.ics). Stops taking
 * pieces past `maxChars` (the caller cuts the result to its byte limit).
 */
export class CalendarText {
  readonly #visible: string;
  readonly #maxChars: number;
  #body: string | undefined;
  readonly #seen = new Set<string>();
  readonly #pieces: string[] = [];
  #compared = 0;
  #length = 0;

  constructor(visibleText: string, maxChars: number) {
    this.#visible = visibleText;
    this.#maxChars = maxChars;
  }

  add(pieces: readonly string[]): void {
    for (const piece of pieces) {
      if (this.#length > this.#maxChars) return;
      const key = collapse(piece);
      if (key === '' || this.#seen.has(key)) continue;
      this.#seen.add(key);
      if (this.#compared++ < MAX_COMPARED && (this.#body ??= collapse(this.#visible)).includes(key)) continue;
      this.#pieces.push(piece.trim());
      this.#length += piece.length + 1;
    }
  }

  get text(): string {
    return this.#pieces.join('\n');
  }
}
