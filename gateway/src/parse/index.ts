import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { ScanLimits } from '../config/types.js';
import { finishAttachment, pendingAttachment, type PendingAttachment } from './attachments.js';
import { BodyExtractor, type BodyParserFactory, type BodyText, type ParserOutput } from './bodies.js';
import { CalendarText, decodeCalendar, isCalendarPart, readCalendar } from './calendar.js';
import { calendarAttachments } from './calendar-files.js';
import { feedParser } from './feed.js';
import { envelopeHeaders, headerLines } from './headers.js';
import { walkHtml } from './html-walk.js';
import { Prescan, type PartBudget } from './prescan.js';
import { ProblemList, type ProblemCode } from './problems.js';
import { SmugglingCheck, smugglingDetail } from './smtp-smuggling.js';
import { eachTextUrl, textUrls } from './urls-text.js';
import { toUrlRef, UrlCollector } from './url-ref.js';
import type { Attachment, ParsedMessage, UrlSource } from './types.js';
import { trimEndChar } from '../trim.js';

export type { ParsedMessage } from './types.js';
export { contentFromBuffer } from './content.js';
export { PROBLEM_CODES, type ProblemCode } from './problems.js';

/** The parser still busy this long after the input ended means it is stuck. */
const STALL_MS = 20_000;

interface Level {
  depth: number;
  /** Prefix of attachment ids: '' at the top, 'a3.' inside the message that is attachment a3. */
  idPrefix: string;
  /** partPath of the top-level rfc822 part, for every attachment of a nested message. */
  partPath?: string;
  /** Below that part: the partPaths of the rfc822 parts leading to this message (Attachment.nestedPath). */
  within?: readonly string[];
  budget: PartBudget;
  /** Multipart boundaries of the enclosing messages (see Prescan). */
  enclosing?: readonly Buffer[];
  /** The SHA-256 of this level's bytes when the caller already has it (then it is not computed again). */
  knownDigest?: string;
  /** Internal, for the equivalence test (bodies.test.ts): another parser than BodyExtractor. */
  parser?: BodyParserFactory;
  /** Files carried inside calendar invitations above this point (a calendar in a calendar, a message in one): bounded by limits.archiveMaxDepth. */
  carried?: number;
}

/**
 * Parses a raw message into one ParsedMessage. Never throws and never hangs: broken structure
 * becomes `problems`, and whatever could be parsed is still returned.
 */
export async function parseMessage(
  source: Buffer | Readable,
  limits: ScanLimits,
  opts: { size?: number; sha256?: string; parser?: BodyParserFactory } = {},
): Promise<ParsedMessage> {
  try {
    // the spool hashed the message as it arrived: no second SHA-256 over it
    const parsed = await parseLevel(source, limits, { depth: 0, idPrefix: '', budget: { parts: 0 }, knownDigest: opts.sha256, parser: opts.parser });
    if (opts.size !== undefined) parsed.size = opts.size;
    if (opts.sha256 !== undefined) parsed.sha256 = opts.sha256;
    return parsed;
  } catch (err) {
    const bytes = Buffer.isBuffer(source) ? source : Buffer.alloc(0);
    return {
      ...emptyMessage(),
      problems: [{ code: 'parse-error', detail: `parser failed: ${(err as Error).message}` }],
      size: opts.size ?? bytes.length,
      sha256: opts.sha256 ?? createHash('sha256').update(bytes).digest('hex'),
    };
  }
}

/** Frees the temporary files behind a parsed message's large attachments (nested ones included). */
export async function releaseMessage(message: ParsedMessage): Promise<void> {
  await Promise.all(message.attachments.map((a) => a.content.release?.()));
}

async function parseLevel(source: Buffer | Readable, limits: ScanLimits, level: Level): Promise<ParsedMessage> {
  const problems = new ProblemList();
  const prescan = new Prescan(limits, level.budget, problems, level.enclosing);
  const parser = level.parser ? level.parser() : new BodyExtractor({ maxTextBytes: limits.maxTextBytes });
  const pending: PendingAttachment[] = [];
  let body: BodyText | undefined;
  let failure: Error | undefined;
  const finished = new Promise<void>((resolve) => {
    parser.on('data', (data: ParserOutput) => {
      if (data.type === 'attachment') pending.push(pendingAttachment(data));
      else body = data;
    });
    parser.once('end', () => resolve());
    // `on`, not `once`: a second 'error' without a listener would be an uncaught exception
    parser.on('error', (err: Error) => {
      failure ??= err;
      resolve();
    });
  });

  // SMTP smuggling is about the bytes that came in DATA: the top level only
  const smuggling = level.depth === 0 ? new SmugglingCheck() : undefined;
  const fed = await feedParser(source, parser, prescan, problems, () => failure !== undefined, level.knownDigest, smuggling);
  if (smuggling?.found) problems.add('smtp-smuggling', smugglingDetail(smuggling.found));
  if (!(await doneInTime(finished))) {
    failure ??= new Error(`the parser did not finish within ${STALL_MS} ms of the end of input`);
    parser.destroy();
  }
  if (!body && !failure) failure = new Error('the parser stopped without a result');
  if (failure) {
    problems.add('parse-error', failure.message);
    for (const p of pending) p.collector.settle();
  }

  const fields = prescan.topFields;
  const headers = headerLines(fields);
  const message: ParsedMessage = {
    ...emptyMessage(),
    ...envelopeHeaders(fields, headers),
    headers,
    text: capText(body?.text ?? '', limits.maxTextBytes, problems),
    html: capText(body?.html ?? '', limits.maxTextBytes, problems),
    size: fed.size,
    sha256: fed.sha256,
  };
  if (body?.cut) problems.add('text-too-long', `body text beyond ${limits.maxTextBytes} bytes was not read`);
  const urls = new UrlCollector(limits.maxUrls, problems);
  for (const ref of eachTextUrl(message.text)) urls.add(ref);
  const walk = collectHtml(message.html, limits, urls, problems);
  message.visibleText = capText([message.text, walk.visible].filter(Boolean).join('\n'), limits.maxTextBytes, problems);
  message.hiddenText = walk.hidden;

  // nested messages are checked against this message's boundaries too (Prescan.checkBoundary)
  const inner: Level = { ...level, enclosing: [...(level.enclosing ?? []), ...prescan.boundaries] };
  const calendar = new CalendarText(message.visibleText, limits.maxTextBytes);
  for (const [i, p] of pending.entries()) {
    const id = `${level.idPrefix}a${i + 1}`;
    const { content, complete, failed } = await p.collector.done;
    if (failed) problems.add('parse-error', `attachment ${id}: ${failed}`);
    else if (!complete && !failure) problems.add('truncated', `attachment ${id} ended early`);
    // at the top, the part's own number; inside a forwarded message, the top-level rfc822 part's
    // number and the exact way down from it (see Attachment.nestedPath)
    const where = level.partPath === undefined ? { partPath: p.partPath } : { partPath: level.partPath, nestedPath: [...(level.within ?? []), p.partPath] };
    const attachment = await finishAttachment(p, content, id, level.depth, where);
    const others = prescan.fileNames.get(p.filename);
    if (others && others.size > 0) attachment.otherNames = [...others].filter((n) => n !== p.filename);
    message.attachments.push(attachment);
    await inspectAttachment(attachment, limits, inner, message, urls, problems, { charset: p.charset, calendar });
  }
  message.calendarText = capText(calendar.text, limits.maxTextBytes, problems);
  message.urls = urls.urls;
  message.problems = problems.list();
  return message;
}

/**
 * A part that is a whole message, parsed as a nested level: message/rfc822, a multipart/digest
 * member without Content-Type (the prescan labels it message/rfc822 for the parser), and
 * message/global (RFC 6532: UTF-8 header fields, read as UTF-8 like every header here; a base64 or
 * quoted-printable one was decoded by the body extractor, as a message/rfc822 one is).
 */
export function isForwardedMessage(contentType: string): boolean {
  return contentType === 'message/rfc822' || contentType === 'message/global';
}

/** URLs and text inside attachments: HTML and plain-text attachments, calendar invitations, nested messages. */
async function inspectAttachment(
  attachment: Attachment,
  limits: ScanLimits,
  level: Level,
  message: ParsedMessage,
  urls: UrlCollector,
  problems: ProblemList,
  part: { charset?: string; calendar: CalendarText },
): Promise<void> {
  const type = attachment.contentType;
  if (isCalendarPart(type, attachment.filename)) {
    const files = await inspectCalendar(attachment, limits, urls, problems, { ...part, attachments: message.attachments });
    await inspectCarried(files, limits, level, message, urls, problems, part.calendar);
    return;
  }
  // a saved .eml a careless client typed text/plain or application/octet-stream: a forwarded message when it starts like one (savedMessage)
  const saved = !isForwardedMessage(type) && (await savedMessage(attachment));
  if (!saved && (type === 'text/html' || type === 'text/plain')) {
    const text = (await leadingBytes(attachment.content, limits.maxTextBytes)).toString('utf8');
    if (type === 'text/plain') for (const ref of eachTextUrl(text, attachment.id)) urls.add(ref);
    else collectHtml(text, limits, urls, problems, attachment.id);
    return;
  }
  if (!isForwardedMessage(type) && !saved) return;
  if (level.depth + 1 > limits.maxMimeDepth) {
    problems.add('depth-exceeded', `${type} nested deeper than ${limits.maxMimeDepth}`);
    return;
  }
  const nested = await parseLevel(await attachment.content.buffer(), limits, {
    depth: level.depth + 1,
    idPrefix: `${attachment.id}.`,
    partPath: level.partPath ?? attachment.partPath,
    within: attachment.nestedPath ?? [],
    budget: level.budget,
    // a carried message was decoded out of its invitation, a saved one out of its part: no enclosing multipart ends it
    enclosing: attachment.carriedBy === undefined && !saved ? level.enclosing : [],
    knownDigest: attachment.sha256,
    parser: level.parser,
    carried: level.carried,
  });
  attachment.readAsMessage = true;
  // what a carried message holds is carried too: act/ cannot remove it from inside the invitation,
  // nor from inside a saved message that is not a message/rfc822 part (act/ opens only those)
  if (attachment.carriedBy !== undefined || saved) for (const a of nested.attachments) a.carriedBy ??= attachment.id;
  message.nested.push(nested);
  message.attachments.push(...nested.attachments);
  for (const ref of nested.urls) urls.add({ ...ref, partId: ref.partId ?? attachment.id });
  for (const problem of nested.problems) {
    // details from deeper levels already name their part ('a1.a1: ...')
    const named = problem.detail.startsWith(`${attachment.id}.`);
    problems.add(problem.code as ProblemCode, named ? problem.detail : `${attachment.id}: ${problem.detail}`);
  }
}

/**
 * A file carried inside a calendar invitation that is a message: message/rfc822 or message/global,
 * or a .eml the invitation gives no type for (FMTTYPE missing or generic, as calendar clients
 * attach a saved mail).
 */
export function isCarriedMessage(attachment: Pick<Attachment, 'carriedBy' | 'contentType' | 'filename'>): boolean {
  if (attachment.carriedBy === undefined) return false;
  if (isForwardedMessage(attachment.contentType)) return true;
  return GENERIC_TYPES.has(attachment.contentType) && /\.eml$/i.test(attachment.filename.trim());
}
const GENERIC_TYPES = new Set(['application/octet-stream', 'binary/octet-stream', 'application/unknown']);

/** Bytes of a file looked at for a header block (savedMessage). */
const SAVED_HEAD_BYTES = 16 * 1024;
/** Header fields that show a message: at least SAVED_MIN_FIELDS of them, each counted once. */
const MESSAGE_FIELDS = new Set(['from', 'to', 'subject', 'date', 'received', 'mime-version']);
const SAVED_MIN_FIELDS = 2;

/**
 * A saved message (.eml) typed text/plain, application/octet-stream or another generic type, as
 * careless clients and calendar clients attach one: read as a forwarded message, not as text or a
 * file. Decided by the content, the name only a hint: the file's first bytes are an RFC 5322 header
 * block (savedHeaders) with at least SAVED_MIN_FIELDS of From, To, Subject, Date, Received and
 * MIME-Version. Only a file named .eml: a text file of pasted headers ("headers.txt", sent to IT
 * to look at) stays text.
 */
async function savedMessage(attachment: Pick<Attachment, 'contentType' | 'filename' | 'content' | 'size'>): Promise<boolean> {
  if (attachment.size === 0 || !/\.eml$/i.test(attachment.filename.trim())) return false;
  if (attachment.contentType !== 'text/plain' && attachment.contentType !== '' && !GENERIC_TYPES.has(attachment.contentType)) return false;
  return savedHeaders(await leadingBytes(attachment.content, SAVED_HEAD_BYTES), attachment.size <= SAVED_HEAD_BYTES);
}

/**
 * Whether `head` (a file's first bytes; `whole` when it is all of the file) starts with a header
 * block: after an optional byte-order mark and mbox "From " line, only header fields ("Name:
 * value", the name printable ASCII) and their folded continuation lines up to a blank line (or the
 * end of a whole file), with at least SAVED_MIN_FIELDS of MESSAGE_FIELDS among them.
 */
export function savedHeaders(head: Buffer, whole: boolean): boolean {
  let text = head.toString('latin1');
  if (text.startsWith('\xef\xbb\xbf')) text = text.slice(3);
  const lines = text.split(/\r?\n/);
  // the last line of a cut window may be cut too: not judged
  if (!whole) lines.pop();
  let at = lines[0]?.startsWith('From ') ? 1 : 0;
  const seen = new Set<string>();
  let ended = false;
  for (; at < lines.length; at++) {
    const line = lines[at]!;
    if (line === '') {
      ended = true;
      break;
    }
    if (/^[ \t]/.test(line)) {
      if (seen.size === 0 && at === 0) return false;
      continue;
    }
    const field = /^([!-9;-~]{1,76}):/.exec(line);
    if (!field) return false;
    const name = field[1]!.toLowerCase();
    if (MESSAGE_FIELDS.has(name)) seen.add(name);
  }
  return (ended || whole) && seen.size >= SAVED_MIN_FIELDS;
}

/**
 * The files a calendar invitation carries (ATTACH;VALUE=BINARY) go through the reading any
 * attachment of their kind gets: a carried .ics is read as a calendar (its links, its text, the
 * files it carries in turn), a carried .eml is parsed as a nested message (its links marked with
 * its id), an HTML or text file gives its links. Carrying counts as nesting: past
 * limits.archiveMaxDepth invitations deep a file that would be read is not, and the message is
 * `depth-exceeded` (unscannable).
 */
async function inspectCarried(
  files: readonly Attachment[],
  limits: ScanLimits,
  level: Level,
  message: ParsedMessage,
  urls: UrlCollector,
  problems: ProblemList,
  calendar: CalendarText,
): Promise<void> {
  const carried = (level.carried ?? 0) + 1;
  for (const file of files) {
    const read = isCalendarPart(file.contentType, file.filename) || isCarriedMessage(file) || file.contentType === 'text/html' || file.contentType === 'text/plain';
    if (!read) continue;
    if (carried > limits.archiveMaxDepth) {
      problems.add('depth-exceeded', `calendar file ${file.id}: carried more than ${limits.archiveMaxDepth} invitations deep; it was not read`);
      continue;
    }
    await inspectAttachment(file, limits, { ...level, carried }, message, urls, problems, { calendar });
  }
}

/**
 * A calendar invitation (text/calendar, .ics; parse/calendar.ts): the links of its events become
 * UrlRefs with source 'calendar' and the part's id; what the calendar shows of them (summary,
 * location, description) goes to the message's calendarText (CalendarText); the files it carries
 * inline become attachments after it ('a2.c1', calendar-files.ts; at most MAX_CALENDAR_FILES and
 * limits.archiveMaxTotalBytes decoded bytes per message).
 */
async function inspectCalendar(
  attachment: Attachment,
  limits: ScanLimits,
  urls: UrlCollector,
  problems: ProblemList,
  { charset, calendar, attachments }: { charset?: string; calendar: CalendarText; attachments: Attachment[] },
): Promise<Attachment[]> {
  const { content } = attachment;
  // files carried inline (ATTACH;VALUE=BINARY) become attachments of their own, read from the whole part
  const carried = attachments.filter((a) => a.carriedBy !== undefined);
  const used = carried.reduce((n, a) => n + a.size, 0);
  const files = await calendarAttachments(attachment, { charset, already: carried.length, maxBytes: limits.archiveMaxTotalBytes - used }, problems);
  attachments.push(...files);
  const max = limits.maxTextBytes;
  if (content.size > max) problems.add('text-too-long', `calendar ${attachment.id}: text beyond ${max} bytes was not read`);
  const bytes = await leadingBytes(content, max);
  const ics = readCalendar(decodeCalendar(bytes, charset));
  if (ics.stopped) problems.add('text-too-long', `calendar ${attachment.id}: ${ics.stopped}; the rest was not read`);
  const add = (ref: ReturnType<typeof toUrlRef>) => {
    if (ref) urls.add({ ...ref, source: 'calendar', partId: attachment.id });
  };
  // once the collector is full, one more URL records 'too-many-urls' and the rest is not looked for
  for (const uri of ics.uris) {
    const full = urls.full;
    add(toUrlRef(uri, 'calendar'));
    if (full) break;
  }
  for (const text of ics.texts) {
    const found = textUrls(text);
    if (urls.full && found.length > 0) {
      add(found[0]);
      break;
    }
    for (const ref of found) add(ref);
  }
  const shown = [...ics.shown];
  for (const html of ics.html) {
    // a link a reader follows in the HTML description is a calendar link; its pictures stay pictures
    const walk = collectHtml(html, limits, urls, problems, attachment.id, (s) => (s === 'href' || s === 'form' || s === 'meta-refresh' ? 'calendar' : s));
    if (!ics.hasDescription && walk.visible) shown.push(walk.visible);
  }
  calendar.add(shown);
  return files;
}

/** The first `max` bytes of a part; of a large one kept on disk, only those bytes are read. */
async function leadingBytes(content: Attachment['content'], max: number): Promise<Buffer> {
  if (content.size > max && content.readAt) {
    const head = Buffer.alloc(max);
    return head.subarray(0, await content.readAt(0, head));
  }
  return (await content.buffer()).subarray(0, max);
}

function collectHtml(html: string, limits: ScanLimits, urls: UrlCollector, problems: ProblemList, partId?: string, resource?: (s: UrlSource) => UrlSource) {
  const walk = walkHtml(html, limits.maxTextBytes);
  if (walk.tooDeep) problems.add('html-too-deep', 'HTML nested too deeply; the rest of it was not read');
  let base: string | undefined;
  if (walk.base) base = toUrlRef(walk.base, 'href')?.url;
  for (const found of walk.urls) {
    const source = resource ? resource(found.source) : found.source;
    if (urls.full) {
      urls.add(toUrlRef(found.raw, source, base));
      break;
    }
    const ref = toUrlRef(found.raw, source, base);
    if (!ref) continue;
    if (found.text !== undefined) ref.text = found.text;
    if (partId) ref.partId = partId;
    urls.add(ref);
  }
  // A URL written as text in the HTML, with no <a> around it: mail clients make it a link all the
  // same, so it is checked like a link in plain text (source 'text'). A link's own text showing a
  // URL is not another link (link-text checks read it from the href's `text`).
  if (walk.visible && !urls.full) {
    const linkTexts = walk.urls.flatMap((u) => (u.text ? [u.text] : []));
    for (const ref of eachTextUrl(walk.visible, partId)) {
      if (linkTexts.some((t) => t.includes(ref.raw))) continue;
      const full = urls.full;
      urls.add(ref);
      if (full) break;
    }
  }
  return walk;
}

function capText(text: string, maxBytes: number, problems: ProblemList): string {
  if (text.length * 3 <= maxBytes || Buffer.byteLength(text) <= maxBytes) return text;
  problems.add('text-too-long', `text beyond ${maxBytes} bytes was not kept`);
  return trimEndChar(Buffer.from(text).subarray(0, maxBytes).toString('utf8'), '\uFFFD');
}

/** Resolves true when the parser finished, false when it is stuck (a safety net, not a limit). */
function doneInTime(finished: Promise<void>): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), STALL_MS);
    timer.unref();
    void finished.then(() => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/** A message with nothing in it: the start of every parse, and of hand-built messages in tests. */
export function emptyMessage(): ParsedMessage {
  return {
    headers: [],
    subject: '',
    from: [],
    replyTo: [],
    to: [],
    cc: [],
    messageId: '',
    text: '',
    html: '',
    visibleText: '',
    hiddenText: '',
    calendarText: '',
    urls: [],
    attachments: [],
    nested: [],
    problems: [],
    size: 0,
    sha256: '',
  };
}
