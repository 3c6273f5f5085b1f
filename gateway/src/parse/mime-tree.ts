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
