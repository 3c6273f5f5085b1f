import mailsplit from '@zone-eu/mailsplit';

/**
 * The options of every mailsplit Splitter that walks a message: mailparser's (parse/, which passes
 * its own options on to its Splitter) and act/'s (the rewrite and its preview). Attachment.partPath
 * is mailsplit's part number, and act/ finds the part to strip by that number, so both sides must
 * split the same bytes into the same tree; one set of options, used by both, is how.
 *
 * ignoreEmbedded: a message/rfc822 part is a leaf, ended by the delimiters of the multiparts around
 * it. parse/ reads a forwarded message on its own (parseLevel) and act/ replaces or keeps it whole,
 * so neither needs mailsplit to open it. An opened one is split differently: a multipart inside it
 * that reuses an enclosing boundary takes that delimiter line as its own (mailsplit tries the
 * innermost boundary first), and every part after it moves one level down — the parts after the
 * forwarded message got other numbers in act/ than in parse/ (fuzzer seed 2424, sample 2419: the
 * part the scanner knew as 3 was 2.1.1.1 to act/, and the message was held as unrewritable).
 */
export const SPLIT_OPTIONS: Readonly<{ ignoreEmbedded: true }> = Object.freeze({ ignoreEmbedded: true });

type BoundaryCheck = (this: unknown, line: Buffer) => 1 | 2 | 3 | 4 | false;
/** mailsplit's per-line callback (message-splitter.js ProcessLineCallback). */
type LineCallback = (err?: Error | null, data?: unknown, flush?: boolean) => void;
type LineProcessor = (this: unknown, line: Buffer | false, final: boolean, next: LineCallback) => void;

/** What MimeSplitter reads of mailsplit's Splitter beyond its typings (message-splitter.js). */
interface SplitterState {
  /** HEAD (1) while the current node's header block is read, BODY (2) after */
  state: number;
  node: { _headerlen: number; headers: unknown; parseHeaders(): void };
  push(chunk: unknown): boolean;
}
/** message-splitter.js's values of Splitter.state. */
const HEAD = 0x01;
const BODY = 0x02;

const splitterProto = mailsplit.Splitter.prototype as unknown as { checkBoundary?: BoundaryCheck; processLine?: LineProcessor };
const baseCheckBoundary = splitterProto.checkBoundary;
const baseProcessLine = splitterProto.processLine;
if (typeof baseCheckBoundary !== 'function' || typeof baseProcessLine !== 'function') {
  // MimeSplitter below corrects these methods; a mailsplit without them needs those corrections looked at again
  throw new Error('@zone-eu/mailsplit: Splitter.prototype.checkBoundary or processLine is gone (see parse/mime-tree.ts)');
}

/**
 * The one splitter every walk of a message uses (parse/ and act/, with SPLIT_OPTIONS): mailsplit's
 * Splitter, with its delimiter test made independent of where the input's writes end.
 *
 * mailsplit takes the line ending before a delimiter as part of the delimiter: when it cannot yet
 * know whether the next line is one (the body line is the first of a write, or the last), it moves
 * that line ending ("\n", "\r\n") in front of the next line and tests the two together. Its test
 * allows one line ending in front of "--boundary", and a delimiter line may itself start with a
 * lone CR (the lines of a message with "\n\r" line ends are "\r--b1\n"): joined, "\n\r--b1\n" was
 * no delimiter, so the part before it ran on into the next part, and every later part got another
 * number. Whether that happened depended on where the writes ended: parse/ writes 64 KB slices
 * (feed.ts, bodies.ts), act/ whatever the source stream gives, so the two numbered the parts of
 * one message differently (fuzzer seed 905114, sample 593: ~900 tiny parts with "\n\r" line ends,
 * held as unrewritable). Here a line that is a moved line ending followed by a lone CR and a
 * delimiter is read as that delimiter, which is what the same bytes give in one write.
 * A line starts with "\n" or "\r\n" only when mailsplit moved a line ending there (it splits lines
 * after each "\n"), so no other line is read differently.
 *
 * Second correction: a header block that runs straight into a delimiter line (no empty line after
 * it) ends there, and the part has an empty body (RFC 2046 5.1.1: the delimiter ends the body part,
 * headers and all). mailsplit started the next part and forgot the header lines: they were never
 * handed on, and the part got no number (a close delimiter instead handed the part on and then
 * gave its header lines again, as part of the delimiter's chunk). Split like that, the rewrite lost
 * or added bytes (act/split-fidelity.ts) and such a message was never rewritten; the prescan counted
 * the part all along. Here the part is handed on when its delimiter is found, before the
 * delimiter's own chunk, with its number, as a part whose block ended in an empty line would be,
 * and that chunk is handed on at once (it holds the delimiter line only, never the header lines
 * again). The delimiter is found as mailsplit finds it (the part's own Content-Type is read only
 * after), so the parts after it are where they were. A part with no header lines at all ("--b1"
 * twice) has no bytes to lose and stays as mailsplit leaves it.
 */
export class MimeSplitter extends mailsplit.Splitter {
  /** A header block was just ended by the delimiter line processLine is handling (see above). */
  #headEnded = false;
  /** The line callback of the current write (mailsplit makes one per write) and its wrapper. */
  #next: LineCallback | undefined;
  #wrapped: LineCallback | undefined;

  constructor() {
    super({ ...SPLIT_OPTIONS });
  }

  checkBoundary(line: Buffer): 1 | 2 | 3 | 4 | false {
    const found = this.#delimiter(line);
    const self = this as unknown as SplitterState;
    if (found && self.state === HEAD && self.node._headerlen > 0 && !self.node.headers) {
      // the header block ends here: hand the part on now (its number follows its siblings')
      self.node.parseHeaders();
      self.state = BODY;
      self.push(self.node);
      this.#headEnded = true;
    }
    return found;
  }

  processLine(line: Buffer | false, final: boolean, next: LineCallback): void {
    if (next !== this.#next) {
      this.#next = next;
      this.#wrapped = (err, data, flush) => {
        // the delimiter that ended a header block is handed on at once, not started as a chunk
        // that mailsplit would measure from the end of the previous one (the header lines again)
        const ended = this.#headEnded;
        this.#headEnded = false;
        next(err, data, flush || ended);
      };
    }
    baseProcessLine!.call(this, line, final, this.#wrapped!);
  }

  #delimiter(line: Buffer): 1 | 2 | 3 | 4 | false {
    const found = baseCheckBoundary!.call(this, line);
    if (found) return found;
    const moved = line[0] === 0x0a ? 1 : line[0] === 0x0d && line[1] === 0x0a ? 2 : 0;
    if (moved === 0 || line[moved] !== 0x0d) return false;
    return baseCheckBoundary!.call(this, line.subarray(moved));
  }
}

/** Spaces and tabs mailsplit allows between a boundary (or its closing "--") and the line end. */
const MAX_DELIMITER_PADDING = 998;

/**
 * The one delimiter rule: what a line is to a multipart boundary, as MimeSplitter (mailsplit, read
 * in one write) decides it. Every reader of boundary lines (the prescan, act/'s exitOffset) asks
 * here, so none of them can cut a message where the splitter does not.
 *
 * `line` is one line as mailsplit cuts them: up to and including its LF (the input's last line may
 * have none). It is a delimiter when it is, in order:
 * - an optional lone CR (the lines of a message with "\n\r" line ends start with one),
 * - "--" and the boundary (RFC 2046 5.1.1),
 * - "--" for the close delimiter,
 * - transport padding: up to 998 spaces and tabs,
 * - the line end: any run of CRs (a second CR-to-CRLF conversion gives "\r\r\n"), then an optional LF;
 *   without any line end (the input's last line) only a close delimiter counts.
 * 1: delimiter, 2: close delimiter, 0: content. Readers that also note where other parsers
 * disagree (a bare CR is a line end to Python) do so on top of this answer, not instead of it.
 */
export function delimiterKind(line: Uint8Array, boundary: Uint8Array): 0 | 1 | 2 {
  const start = line[0] === 0x0d ? 1 : 0;
  const n = boundary.length;
  if (n === 0 || line.length < start + n + 3 || line.length > start + n + 6 + MAX_DELIMITER_PADDING) return 0;
  if (line[start] !== 0x2d || line[start + 1] !== 0x2d) return 0;
  for (let j = 0; j < n; j++) if (line[start + 2 + j] !== boundary[j]) return 0;
  let i = start + 2 + n;
  let kind: 1 | 2 = 1;
  if (line[i] === 0x2d) {
    if (line[i + 1] !== 0x2d) return 0;
    kind = 2;
    i += 2;
  }
  while (i < line.length && (line[i] === 0x20 || line[i] === 0x09)) i++;
  if (i === line.length) return kind === 2 ? 2 : 0;
  while (i < line.length && line[i] === 0x0d) i++;
  if (i < line.length && line[i] === 0x0a) i++;
  return i === line.length ? kind : 0;
}

/** Whether a line can be a delimiter of some boundary at all: it starts with "--", after an optional lone CR. */
export function mayBeDelimiter(line: Uint8Array, length = line.length): boolean {
  const start = line[0] === 0x0d ? 1 : 0;
  return length >= start + 2 && line[start] === 0x2d && line[start + 1] === 0x2d;
}
