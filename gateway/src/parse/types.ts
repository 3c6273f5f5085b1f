import type { Readable } from 'node:stream';

/** One address from From/To/Cc/Reply-To, decoded. */
export interface Address {
  name: string;
  address: string;
}

/** Where in the message a URL was found. */
export type UrlSource =
  | 'text' // plain text (linkifyjs)
  | 'href' // <a href>, <area href>
  | 'src' // img/iframe/script/embed src
  | 'srcset'
  | 'form' // <form action>, formaction
  | 'meta-refresh'
  | 'css' // url(...) in style attributes or <style>
  | 'attachment' // found inside an attachment (html/text attachment, pdf link) where we can
  | 'qr-code' // decoded from a QR code in a picture (body, attachment or PDF picture; scan/qr)
  | 'calendar'; // a link of a calendar invitation (text/calendar part, .ics): URL, ATTACH, CONFERENCE, links in its description

/** One URL seen in the message, with its host already taken by the WHATWG URL parser. */
export interface UrlRef {
  /** The URL as normalised by WHATWG URL (`new URL(raw).href`). */
  url: string;
  /** The string as it stood in the message after HTML entity decoding. */
  raw: string;
  /** Host in ASCII (punycode) form, lower case, no trailing dot; '' when the URL has none (mailto:, data:). */
  host: string;
  /** The same host in Unicode form (for display and lookalike checks). */
  hostUnicode: string;
  /** URL scheme without the colon: http, https, mailto, ftp, data, javascript ... */
  scheme: string;
  /** True when the URL carries userinfo (`https://www.office.com-123@evil.example`). */
  hasUserinfo: boolean;
  source: UrlSource;
  /** For href: the visible text of the link, collapsed whitespace. */
  text?: string;
  /** Id of the attachment (or nested message part) the URL was found in, if not the main body. */
  partId?: string;
}

/** The bytes of a part or attachment, held in memory or on disk; read as often as scanners need. */
export interface Content {
  size: number;
  /** hex SHA-256 of the decoded bytes */
  sha256: string;
  /** First bytes (at least 4100 when the content is that long), enough for magic-byte sniffing. */
  head: Buffer;
  buffer(): Promise<Buffer>;
  stream(): Readable;
  /**
   * Reads bytes from `position` into `into` (as many as fit, fewer at the end), returning how many:
   * for contents kept in a file, so a reader can go through a big one in place without the
   * stream's chunks (a big PDF, window by window). Absent for contents in memory.
   */
  readAt?(position: number, into: Buffer): Promise<number>;
  /** Frees what holds the bytes (a temporary file for large contents); call once the message is done. */
  release?(): Promise<void>;
}

export interface TrueType {
  ext: string;
  mime: string;
}

/** An attachment (or an inline non-text part) of the message or of a nested message. */
export interface Attachment {
  /**
   * Stable id within the message: 'a1', 'a2', ... (nested: 'a3.a1' = a1 of the message that is a3;
   * 'a2.c1' = the first file carried inside calendar invitation a2). Used by strip and findings.
   */
  id: string;
  /** Decoded filename; '' when none given. */
  filename: string;
  /**
   * Other names a mail client may show or save the part under (Content-Type name= when it differs
   * from Content-Disposition filename=, a plain filename= beside filename*=, an encoded word read or
   * not): the name checks run on each (parse/file-names.ts). Absent when there is none.
   */
  otherNames?: string[];
  /** Declared Content-Type, lower case, without parameters. */
  contentType: string;
  disposition: 'attachment' | 'inline' | '';
  /** Type from magic bytes (file-type), undefined when not recognised. */
  trueType?: TrueType;
  size: number;
  sha256: string;
  content: Content;
  /** Nesting depth of the message this part belongs to: 0 = top-level message. */
  depth: number;
  /**
   * MIME path in the message tree, e.g. '1.2', as mailsplit/mailparser number parts (for strip).
   * For a part of a forwarded message: the path of the top-level message/rfc822 part holding it.
   */
  partPath?: string;
  /**
   * For a part of a forwarded message only: the exact way down from partPath, one entry per message
   * level, each the part's number within that level's own message ('' when the whole body of that
   * message is the part). ['1.2'] = part 1.2 of the message that is part partPath; ['3', '2'] =
   * part 2 of the message that is part 3 of the message that is part partPath. act/ follows it to
   * remove exactly this part and keep the rest of the forwarded message.
   */
  nestedPath?: string[];
  /**
   * For a file carried inside another part rather than a MIME part of its own (an inline
   * ATTACH;VALUE=BINARY of a calendar invitation: parse/calendar-files.ts): the id of that part.
   * partPath and nestedPath are then the carrying part's. act/ cannot remove such a file alone: a
   * strip of it holds the message instead (policy/engine.ts).
   */
  carriedBy?: string;
  /**
   * Parsed as a forwarded message (its text, links and files read as a nested message): a
   * message/rfc822 or message/global part, a digest member, or a saved .eml typed text/plain or
   * application/octet-stream whose content starts with a message's header block (parse/index.ts).
   */
  readAsMessage?: boolean;
}

/** Something wrong with the message's structure; the parser never throws for malformed input. */
export interface ParseProblem {
  /** e.g. 'missing-boundary', 'duplicate-boundary', 'bad-base64', 'header-too-long', 'too-many-headers',
   *  'depth-exceeded', 'too-many-parts', 'too-many-urls', 'truncated', 'bad-charset', 'no-body', 'parse-error'.
   *  The full list, each with its category (malformed / unscannable / limit): PROBLEM_CODES in parse/problems.ts. */
  code: string;
  detail: string;
}

export interface HeaderLine {
  /** lower-case header name */
  key: string;
  /** unfolded raw value, MIME-word decoded where possible */
  value: string;
}

/** One typed object describing a message, produced by `parse/` and read by every scanner. */
export interface ParsedMessage {
  headers: HeaderLine[];
  subject: string;
  from: Address[];
  replyTo: Address[];
  to: Address[];
  cc: Address[];
  messageId: string;
  date?: Date;
  /** Plain-text body (all text/plain body parts joined). */
  text: string;
  /** HTML body (all text/html body parts joined). */
  html: string;
  /** What a reader sees: the text body, plus the HTML's text without script/style/CSS-hidden elements. */
  visibleText: string;
  /** Text present in the HTML but hidden by CSS (display:none, visibility:hidden, font-size:0, ...). */
  hiddenText: string;
  /**
   * What calendar invitations (text/calendar parts, .ics attachments) show of their events: summary,
   * location, description, each unless the body's visible text already holds it. Read by the content scanner.
   */
  calendarText: string;
  urls: UrlRef[];
  attachments: Attachment[];
  /** message/rfc822 and message/global parts and multipart/digest members without Content-Type, parsed recursively (their attachments are also listed in `attachments`). */
  nested: ParsedMessage[];
  problems: ParseProblem[];
  /** Size in bytes of the raw message as received. */
  size: number;
  /** hex SHA-256 of the raw message */
  sha256: string;
}
