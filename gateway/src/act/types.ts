import type { Verdict } from '../policy/types.js';

/** One attachment to remove, from ParsedMessage.attachments. */
export interface StripTarget {
  /** Attachment.id ('a2', 'a3.a1'): the findings about it explain the removal. */
  id: string;
  /** Attachment.partPath: where the part is in mailsplit's numbering (see partPath() in act-stream.ts). */
  partPath: string;
  /** Attachment.filename, as the recipient knew it. */
  filename: string;
  /**
   * Attachment.nestedPath: for a part of a forwarded message, the way down from the message/rfc822
   * part at partPath, one part number per message level. act/ opens the forwarded message and
   * replaces only that part (a base64 or quoted-printable rfc822 part is decoded, rewritten and
   * encoded again: see encoded-forward.ts; when it cannot be, the whole forwarded message is
   * replaced instead).
   */
  nestedPath?: string[];
  /**
   * With nestedPath: the Attachment.sha256 of each forwarded message on the way down (index 0: the
   * message at partPath, index k: the one at nestedPath[k-1]), i.e. the decoded bytes parse/ read.
   * act/ opens an encoded forwarded message only when its own decoding gives these bytes, so the
   * part numbers below it are the parser's. An entry may be '' (not known: not checked).
   */
  forwardedSha256?: string[];
  /**
   * The file name the part at the exact path (partPath, then nestedPath) declares, as mailsplit
   * reads it ('' for none; mailparser's filename is mailsplit's). act/ refuses a part that does not
   * declare it, so a numbering that went wrong holds the message instead of removing another part.
   * Left out, nothing is checked.
   */
  partFilename?: string;
}

/** Everything the act stage needs to rewrite one message before delivery. */
export interface ActPlan {
  /** ULID of the message */
  ref: string;
  verdict: Verdict;
  /** attachments to strip (from ParsedMessage.attachments, the ids in verdict.strip) */
  strip: StripTarget[];
  /** for the X-Lachan-* headers and the banner footer */
  gatewayName: string;
  /** Subject prefix (policy externalTag when the verdict is tagged); added once, never twice. */
  subjectTag?: string;
  /**
   * This deployment's secret banner key (8–64 of [A-Za-z0-9_-], derived from LACHAN_SECRET or the
   * data dir's secret). A part already carrying a banner with this key gets no second banner; one
   * with another key or none (a sender's imitation) still gets ours.
   */
  bannerKey?: string;
  /**
   * Called once for each body part that carries the banner in the output (put in now, or ours
   * already there): how a caller learns, after the fact, that the warning shows in a body.
   */
  onBanner?: (partPath: string) => void;
  /**
   * Called when a forwarded message holding an attachment to strip could not be opened and is
   * replaced whole by the notice (too big to hold, an encoding that decoders read differently, a
   * decoding that is not what was scanned, a part not found inside): where, and why, for the log.
   */
  onWholeForward?: (partPath: string, reason: string) => void;
  /**
   * Only the top-level headers are written (X-Lachan-*, subject tag), every other byte passed on as
   * it came: for a warned message whose MIME split would not give its bytes back (previewActions'
   * `faithful`), the warning goes in the subject instead of a banner in the body.
   */
  headersOnly?: boolean;
}
