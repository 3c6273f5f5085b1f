import type { Observation } from './checks.js';
import { notOpened, openedBy, type PasswordCandidates } from './passwords.js';

/**
 * Passwords for the archives 7-Zip opens for us (archive-listing.ts: 7z, RAR 3 to 5): what one try
 * costs, read from the archive before trying, the per-attachment budget, and the finding.
 *
 * A try is one key derivation in 7-Zip (WebAssembly, in its worker thread, not interruptible), and
 * its cost is set by the archive: 7z's AES key is 2^NumCyclesPower SHA-256 rounds (19 by default,
 * up to 24 in 7-Zip), RAR5's PBKDF2-HMAC-SHA256 2^KDFcount rounds (15 by default, up to 24), RAR
 * 3/4's a fixed 2^18 SHA-1 rounds. Measured in 7z-wasm (Node 20, 2 cores, a 3 kB archive, one
 * wrong password, `l` or `t` included): a 7z (7zAES:19) 40–57 ms a try on idle cores, 84–96 ms
 * with both cores busy (load 7); RAR5 (2^15) 12–25 ms idle, 50–60 ms busy; RAR4 10–27 ms idle,
 * 35–40 ms busy. So costs are counted in 7z tries at the default count: 2^(n−19) for 7z, 2^(n−16)
 * for RAR5, never less than MIN_COST; a hostile count (2^24: ~1.5 s a try for 7z, more for RAR5)
 * costs more than the whole budget and is never tried. 7-Zip caches a derived key (same password,
 * salt and count), but a 7z block or a RAR entry may carry its own salt: extracting the entries of
 * each further block (7z) or each further entry (RAR) is charged as one more key.
 */

/**
 * Password tries per attachment, in 7z tries at the default count (45–90 ms each): ~1.1 s idle,
 * ~2 s with the cores busy, at most; room for all of passwords.ts's MAX_CANDIDATES on a 7z, and a
 * few more keys to extract with.
 */
export const SEVENZIP_MAX_TRIES = 24;
/** Least cost of a try (RAR5 at 2^15, RAR 3/4, a format 7-Zip cannot decrypt: it fails at once). */
const MIN_COST = 1 / 2;

/**
 * Password tries per message, over all its attachments: an attachment has SEVENZIP_MAX_TRIES, but a
 * message of a hundred locked 7z files would otherwise cost a hundred times that (the fuzzer made
 * one: minutes of 7-Zip for one message). Twice an attachment's: ~2–4 s at most.
 */
export const MESSAGE_SEVENZIP_MAX_TRIES = 2 * SEVENZIP_MAX_TRIES;

/**
 * What is left of one attachment's tries (one per walk, shared by the archives nested in it), and of
 * the message's when `message` is given (every try is taken from both).
 */
export class TryBudget {
  private left: number;

  constructor(limit = SEVENZIP_MAX_TRIES, private readonly message?: TryBudget) {
    this.left = limit;
  }

  /** Takes `cost` from the budget when it fits; false (nothing taken) when it does not. */
  spend(cost: number): boolean {
    if (!(cost <= this.remaining)) return false;
    this.left -= cost;
    this.message?.spend(cost);
    return true;
  }

  /** What is left (the 7-Zip worker gets it with an archive and says what it spent: seven-zip-thread.ts). */
  get remaining(): number {
    return Math.min(this.left, this.message?.remaining ?? Infinity);
  }
}

/** The cost of one key derivation for an entry, from 7-Zip's "Method" ("LZMA2:12 7zAES:19", "v6:m3:128K AES:15:1"). */
export function kdfCost(method: string | undefined): number {
  const sevenZip = /(?:^| )7zAES(?::(\d+))?(?: |$)/.exec(method ?? '');
  if (sevenZip) return Math.max(MIN_COST, 2 ** (Number(sevenZip[1] ?? 19) - 19));
  const rar5 = /(?:^| )AES:(\d+)/.exec(method ?? '');
  if (rar5) return Math.max(MIN_COST, 2 ** (Number(rar5[1]) - 16));
  return MIN_COST;
}

const RAR5_SIGNATURE = Buffer.from('Rar!\x1a\x07\x01\x00', 'latin1');
const RAR4_MARKER = Buffer.from('Rar!\x1a\x07\x00', 'latin1');
const SEVENZIP_SIGNATURE = Buffer.from([0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c]);
const SEVENZIP_AES = Buffer.from([0x06, 0xf1, 0x07, 0x01]);

/**
 * The cost of one try on an archive whose names are encrypted, read from its unencrypted start:
 * RAR5's archive encryption header (KDF count), the coder properties of a 7z's encoded header
 * (NumCyclesPower). Infinity when it cannot be read: not tried.
 */
export function headerKdfCost(bytes: Buffer): number {
  if (bytes.subarray(0, 7).equals(RAR4_MARKER)) return MIN_COST;
  if (bytes.subarray(0, 8).equals(RAR5_SIGNATURE)) {
    // header CRC32, then vints: header size, type (4: archive encryption), flags, version, encryption flags; then the KDF count byte
    let at = 12;
    const vint = (): number | undefined => {
      let n = 0;
      for (let shift = 0; at < bytes.length && shift < 28; shift += 7) {
        const b = bytes[at++]!;
        n += (b & 0x7f) * 2 ** shift;
        if (!(b & 0x80)) return n;
      }
      return undefined;
    };
    const [, type, flags, , ] = [vint(), vint(), vint(), vint(), vint()];
    if (type !== 4 || flags !== 0 || at >= bytes.length) return Infinity;
    return Math.max(MIN_COST, 2 ** (bytes[at]! - 16));
  }
  if (bytes.subarray(0, 6).equals(SEVENZIP_SIGNATURE) && bytes.length >= 32) {
    const offset = 32 + Number(bytes.readBigUInt64LE(12));
    const header = bytes.subarray(offset, offset + Math.min(Number(bytes.readBigUInt64LE(20)), 4096));
    // kEncodedHeader, then the streams info of the packed header: its coder 06 F1 07 01 (7zAES),
    // after a flag byte (id size 4, 0x20: properties follow); the first property byte's low 6 bits
    let cost = -Infinity;
    for (let i = header.indexOf(SEVENZIP_AES); header[0] === 0x17 && i > 0; i = header.indexOf(SEVENZIP_AES, i + 1)) {
      const flag = header[i - 1]!;
      if ((flag & 0x2f) !== 0x24) continue;
      const props = i + 4 + (flag & 0x10 ? 2 : 0);
      if (header[props] === undefined || header[props]! >= 0x80 || header[props + 1] === undefined) continue;
      cost = Math.max(cost, 2 ** ((header[props + 1]! & 0x3f) - 19));
    }
    return cost === -Infinity ? Infinity : Math.max(MIN_COST, cost);
  }
  return Infinity;
}

/** What trying the message's passwords on an archive gave. */
export type ArchiveUnlock =
  | { opened: true; password: string }
  | { opened: false; reason: 'wrong-password' | 'budget' | 'unsupported' | 'failed'; detail: string };

/**
 * The attachment.encrypted finding for an encrypted entry (or, with `headers`, for an archive whose
 * names are encrypted): tagged like an encrypted zip entry's (encrypted-zip.ts) — 'opened' with
 * 'password-in-message' or 'common-password' when its contents came out; otherwise 'not-opened',
 * 'password-in-message' when the message gives a password, and why in the detail.
 */
export function encryptedObservation(
  ext: string,
  candidates: PasswordCandidates | undefined,
  unlock: ArchiveUnlock | undefined,
  state: { opened: boolean; headers?: boolean; why?: string },
): Observation {
  const what = state.headers ? 'archive with encrypted entry names (header encryption)' : 'encrypted archive entry';
  const tags = [ext, ...(state.headers ? ['encrypted-headers'] : [])];
  if (state.opened && unlock?.opened && candidates) {
    const by = openedBy(candidates, unlock.password);
    return { kind: 'attachment.encrypted', detail: `${what} opened with ${by.from}; contents inspected`, tags: [...tags, 'opened', ...by.tags] };
  }
  const locked = notOpened(candidates);
  tags.push(...locked.tags);
  if (unlock && !unlock.opened && unlock.reason === 'unsupported') tags.push('unsupported');
  const why = state.why ?? (unlock && !unlock.opened ? unlock.detail : undefined);
  const rest = why ? `; ${locked.given}${why}` : '';
  return {
    kind: 'attachment.encrypted',
    detail: state.headers ? `${what}: nothing inside can be checked${rest}` : `${what}: contents not inspectable${rest}`,
    tags,
  };
}
