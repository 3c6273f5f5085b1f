/**
 * SMTP smuggling (SEC Consult, December 2023; CVE-2023-51764 Postfix, -51765 Sendmail, -51766 Exim):
 * a sender puts a loose end-of-data sequence inside DATA — `<LF>.<CR><LF>`, `<CR><LF>.<LF>`,
 * `<LF>.<LF>`, `<CR>.<CR>`, `<CR><LF>.<CR>`, ... — followed by `MAIL FROM`, `RCPT TO`, `DATA` and a
 * second message. We end DATA only at `<CR><LF>.<CR><LF>` (smtp-server), so all of it is one message
 * here; a server that takes a looser end would see a second, unscanned message with a forged sender.
 *
 * The relay cannot pass such bytes on (nodemailer's DataStream turns bare CR and LF into CRLF and
 * dot-stuffs, test/flow/smtp-smuggling.test.ts), but the message is an attack: legitimate mail never
 * holds a lone dot between loose line ends followed by SMTP commands. This check finds that in the
 * raw bytes as they stream past (parse/feed.ts), with no copy of the message: it looks only at the
 * bytes around a line-start dot, and after a loose end-of-data sequence at the next
 * SMUGGLING_WINDOW bytes for a `MAIL FROM:` or `RCPT TO:` line (with any line ends). A bare LF or
 * CR alone, or a lone dot between them with no command after it (sloppy mailers), is not reported.
 */

const CR = 0x0d;
const LF = 0x0a;
const LF_DOT = Buffer.from('\n.', 'latin1');
const CR_DOT = Buffer.from('\r.', 'latin1');

/**
 * Bytes after a loose end-of-data sequence searched for a smuggled command. A vulnerable server
 * answers junk lines with errors and reads on for a while (Exim hangs up after 3 protocol errors,
 * Postfix after 20), so the commands need not follow at once; 64 KiB is more junk than that.
 */
export const SMUGGLING_WINDOW = 64 * 1024;

/**
 * A command line that opens a transaction, after any line end (a loose server splits lines at bare
 * CR and LF too). Bounded blanks keep a match short: at most MATCH_SPAN bytes from its line end.
 */
const COMMAND = /(?:^|[\r\n])[ \t]{0,16}(mail[ \t]{1,16}from|rcpt[ \t]{1,16}to)[ \t]{0,16}:/i;
/** Longer than any COMMAND match, so one cut by a chunk boundary is found with the bytes before it. */
const MATCH_SPAN = 64;

/** What was found: the loose sequence as written in SMTP's notation, where, and the command after it. */
export interface Smuggling {
  /** e.g. '<LF>.<CR><LF>' */
  sequence: string;
  /** byte offset of the lone dot in the message */
  offset: number;
  /** 'MAIL FROM' or 'RCPT TO' */
  command: string;
}

type LineEnd = '<CR><LF>' | '<LF>' | '<CR>';

/** Bytes of the current buffer searched for a command: after a loose sequence, windows merged. */
interface Region {
  s: number;
  e: number;
  /** s is just after a loose sequence's line end (else it continues the bytes searched before it) */
  lineStart: boolean;
  sequence: string;
  offset: number;
}

/**
 * Fed every chunk of the raw message in order (`write`); `found` is set once a loose end-of-data
 * sequence is followed, within SMUGGLING_WINDOW bytes, by a MAIL FROM or RCPT TO line. Linear in
 * the message: every byte is searched for a command at most once, however many loose sequences.
 */
export class SmugglingCheck {
  /** What was found, once found (the check stops looking then). */
  found: Smuggling | undefined;
  /** The last bytes seen: up to 2 already looked at (the line end before a dot) and up to 2 not yet. */
  #carry: Buffer = Buffer.from('\r\n', 'latin1'); // the DATA command's own line end precedes the first byte
  /** Index in #carry of the first byte not looked at for a line-start dot yet. */
  #from = 2;
  /** Message offset of #carry[0]. */
  #carryOffset = -2;
  /** Message offset where the windows of the loose sequences seen so far end. */
  #until = 0;
  /** Message offset up to which bytes were searched for a command. */
  #searched = 0;
  /** The last MATCH_SPAN bytes searched (latin1), for a command cut by a chunk boundary. */
  #tail = '';
  /** The loose sequence whose window is still open. */
  #open: { sequence: string; offset: number } | undefined;

  write(chunk: Buffer): void {
    if (this.found || chunk.length === 0) return;
    // Most chunks hold no line-start dot and no window is open: only their last bytes are kept, with
    // no copy of the chunk (a 25 MB message is not copied once more as it streams past).
    if (!this.#open && chunk.length >= 4 && !this.#mayStartSequence(chunk)) {
      this.#carryOffset += this.#carry.length + chunk.length - 4;
      this.#carry = Buffer.from(chunk.subarray(chunk.length - 4));
      this.#from = 2;
      return;
    }
    const buf = Buffer.concat([this.#carry, chunk]);
    const base = this.#carryOffset;
    const len = buf.length;
    const regions: Region[] = [];
    // the window of an earlier chunk's loose sequence goes on into this one
    if (this.#open && this.#until > this.#searched) {
      regions.push({ s: this.#searched - base, e: Math.min(this.#until - base, len), lineStart: false, ...this.#open });
    }

    let lf = buf.indexOf(LF_DOT, this.#from - 1);
    let cr = buf.indexOf(CR_DOT, this.#from - 1);
    while (lf !== -1 || cr !== -1) {
      const at = lf === -1 ? cr : cr === -1 ? lf : Math.min(lf, cr);
      const dot = at + 1;
      // a dot in the last two bytes waits for the next chunk, which says what line end follows it
      if (dot > len - 3) break;
      if (at === lf) lf = buf.indexOf(LF_DOT, at + 1);
      else cr = buf.indexOf(CR_DOT, at + 1);
      const before: LineEnd = buf[dot - 1] === CR ? '<CR>' : buf[dot - 2] === CR ? '<CR><LF>' : '<LF>';
      const after: LineEnd | undefined =
        buf[dot + 1] === CR ? (buf[dot + 2] === LF ? '<CR><LF>' : '<CR>') : buf[dot + 1] === LF ? '<LF>' : undefined;
      // a lone dot between two CRLFs is a line holding one dot (the sender stuffed it, smtp-server unstuffed it)
      if (after === undefined || (before === '<CR><LF>' && after === '<CR><LF>')) continue;
      const sequence = `${before}.${after}`;
      const s = dot + 1 + (after === '<CR><LF>' ? 2 : 1);
      const e = Math.min(s + SMUGGLING_WINDOW, len);
      this.#until = Math.max(this.#until, base + s + SMUGGLING_WINDOW);
      this.#open = { sequence, offset: base + dot };
      const last = regions[regions.length - 1];
      if (last && s <= last.e) last.e = Math.max(last.e, e);
      else regions.push({ s, e, lineStart: true, sequence, offset: base + dot });
    }

    for (const r of regions) {
      if (r.e <= r.s) continue;
      const text = buf.toString('latin1', r.s, r.e);
      // before a region's first byte: a line end, or the bytes searched just before it
      const prior = r.lineStart ? '\n' : this.#tail;
      // ('x': where the kept bytes begin is no line start)
      const m = COMMAND.exec((r.lineStart ? '' : 'x') + prior + text);
      if (m) {
        this.found = { sequence: r.sequence, offset: r.offset, command: (m[1] as string).toUpperCase().replace(/[ \t]+/, ' ') };
        return;
      }
      this.#tail = (prior + text).slice(-MATCH_SPAN);
      this.#searched = base + r.e;
    }
    if (this.#until <= base + len) this.#open = undefined;

    const firstUnseen = Math.max(this.#from, len - 2);
    const keepFrom = Math.max(0, firstUnseen - 2);
    this.#carry = Buffer.from(buf.subarray(keepFrom));
    this.#carryOffset = base + keepFrom;
    this.#from = firstUnseen - keepFrom;
  }

  /** Whether a dot not looked at yet, or one the chunk brings after a line end, is in sight. */
  #mayStartSequence(chunk: Buffer): boolean {
    const DOT = 0x2e;
    if (this.#carry.indexOf(DOT, this.#from) !== -1 || chunk[0] === DOT || chunk[1] === DOT) return true;
    return chunk.indexOf(LF_DOT) !== -1 || chunk.indexOf(CR_DOT) !== -1;
  }
}

/** The parse problem's detail for what was found. */
export function smugglingDetail(s: Smuggling): string {
  return `loose end-of-data sequence ${s.sequence} at byte ${s.offset}, followed by ${s.command}: a second message hidden in DATA`;
}
