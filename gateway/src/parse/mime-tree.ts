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

const baseCheckBoundary = (mailsplit.Splitter.prototype as unknown as { checkBoundary?: BoundaryCheck }).checkBoundary;
if (typeof baseCheckBoundary !== 'function') {
  // MimeSplitter below corrects this method; a mailsplit without it needs that correction looked at again
  throw new Error('@zone-eu/mailsplit: Splitter.prototype.checkBoundary is gone (see parse/mime-tree.ts)');
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
 */
export class MimeSplitter extends mailsplit.Splitter {
  constructor() {
    super({ ...SPLIT_OPTIONS });
  }

  checkBoundary(line: Buffer): 1 | 2 | 3 | 4 | false {
    const found = baseCheckBoundary!.call(this, line);
    if (found) return found;
    const moved = line[0] === 0x0a ? 1 : line[0] === 0x0d && line[1] === 0x0a ? 2 : 0;
    if (moved === 0 || line[moved] !== 0x0d) return false;
    return baseCheckBoundary!.call(this, line.subarray(moved));
  }
}
