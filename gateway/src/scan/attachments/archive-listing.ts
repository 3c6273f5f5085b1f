import { kdfCost, type ArchiveUnlock, type TryBudget } from './archive-passwords.js';
import { sevenZipThread, type SevenZipGate } from './seven-zip-thread.js';
import { decompressWithTool, TOOL_STREAMS } from './tool-streams.js';

/**
 * Lists and extracts the entries of archives we do not open ourselves (RAR 4 and 5, 7z, cab, arj,
 * lzh, cpio, ar; and decompresses single bz2, xz, lzma, zstd and .Z streams: decompressStream,
 * which hands lzip and LZ4 streams to Debian's tools instead, tool-streams.ts)
 * with 7-Zip compiled to WebAssembly (7z-wasm): `7zz l -slt` gives names, sizes,
 * directory, link and encryption flags, and whether the archive hides its names (header
 * encryption); then, in the same instance, `7zz x` extracts the entries the walk picked from that
 * listing (walk-listed.ts: within the entry, byte and ratio limits, an encrypted one only with a password) into its
 * in-memory file system, and the files are handed back to be walked like zip members.
 *
 * The WebAssembly module (1.6 MB) is compiled once, on the first such archive: ~50 ms and ~14 MB
 * of RSS here. Every archive gets a fresh instance over an in-memory file system (no access to the
 * disk), so a hostile archive cannot leave state behind, and its memory is freed with it. The
 * instance's heap may grow to LIST_MAX_HEAP at most; past it 7-Zip fails to allocate and the
 * archive is reported as not listable (or its entries as not extracted). Extracted files live
 * outside that heap: 7-Zip's writes are taken as each file's chunks (collectFiles), no more than the
 * picked entries declare (a write past it fails and stops the extraction), and joined once. Measured (Node 20, 2 cores): listing a small RAR ~4 ms; a 5 MB 7z ~110
 * ms (mostly copying it into the instance), RSS 60 → 87 MB during, ~100 MB after 20 more in a row
 * (the instances are collected). Listing and extracting (LZMA2, 1 entry, incompressible, the two
 * cores busy): a 5 MB 7z in ~100 ms (7-Zip's `x` alone ~70 ms), RSS peak +25 MB; a 20 MB 7z (one
 * incompressible file) in 146–169 ms, RSS peak +61 MiB (the archive, its copy in the instance,
 * 7-Zip's 24 MB dictionary, the output) — with the output in the file system's growing arrays it was
 * 210–244 ms and +98 to +124 MiB. 7-Zip runs synchronously, so it runs in a worker thread
 * (seven-zip-worker.ts, driven by seven-zip-thread.ts), one archive at a time: the main thread's
 * event loop (every SMTP session) keeps turning meanwhile, and a 7-Zip that hangs or dies costs
 * that archive (reported not inspected), never the gateway. Archives over LIST_MAX_BYTES are not
 * opened, and no more than EXTRACT_MAX_BYTES come out of one archive.
 *
 * Without a password, an archive whose names are encrypted makes 7-Zip ask for one, which is how
 * it is recognised (without deriving any key), and encrypted entries are never asked for (if one
 * were, the prompt reads end of input and 7-Zip stops: no hang). With the message's passwords
 * (archive-passwords.ts), each is given as `-p<password>` (one argv element: spaces and quotes need
 * no quoting; an empty one is never given, so 7-Zip never prompts), within the attachment's
 * budget, each try's cost read first: hidden names, the candidate that lists the archive is right;
 * encrypted entries, the one that tests (`t`) the first picked encrypted entry without "Wrong
 * password", "Data Error" or "CRC Failed"; then the picked entries, encrypted ones included, are
 * extracted with it under the same limits. 7-Zip opens RAR 3/4 and RAR5 (-hp or entry encryption)
 * the same way as 7z (checked on the RAR archives of rar-builder.ts: the same messages, "Cannot open
 * encrypted archive. Wrong password?" and "Data Error in encrypted file. Wrong password?"); the
 * other formats here carry no encryption 7-Zip decrypts ("Unsupported Method": not opened). Every
 * run of 7-Zip leaves process.exitCode as it found it (the Emscripten runtime sets it to 7-Zip's
 * exit code).
 */

/** Archives larger than this are not listed (still reported as uninspectable). */
export const LIST_MAX_BYTES = 25 * 1024 * 1024;
/** Most memory one 7-Zip instance may grow to while listing or extracting. */
export const LIST_MAX_HEAP = 256 * 1024 * 1024;
/**
 * Most bytes extracted from one archive (the walk's byte budget applies on top); the entries past
 * it are checked by name only, and the archive stays uninspectable (not-extracted). Extraction
 * holds the 7-Zip worker (and the archives queued behind it): 31 MB of text out of a 1 MB 7z took ~1 s, 64 MB ~2.5 s, with the two
 * cores busy (load 8); 23 MB took ~350 ms on an idle machine.
 */
export const EXTRACT_MAX_BYTES = 32 * 1024 * 1024;

/** True types (file-type's ext) whose entries have names worth listing. */
export const LISTABLE_ARCHIVES: ReadonlySet<string> = new Set(['rar', '7z', 'cab', 'arj', 'lzh', 'lha', 'cpio', 'ar']);

export interface ListedEntry {
  name: string;
  directory: boolean;
  /** Unpacked size when the archive says it. */
  size: number | undefined;
  encrypted: boolean;
  /** A symbolic link (Unix attributes 'l…'): never extracted, never followed. */
  link?: true;
  /** An encrypted entry's key: what deriving it costs (archive-passwords.ts), and the entries sharing it (a 7z block; else the entry alone). */
  key?: { cost: number; group: string };
}

export type Listing = ListingOk | { ok: false; reason: 'encrypted-headers' | 'corrupt' | 'memory' | NotInspected; detail: string };

export interface ListingOk {
  ok: true;
  format: string;
  entries: ListedEntry[];
  /** More entries than asked for: the list stops there. */
  truncated: boolean;
  /** What 7-Zip said was wrong after listing or extracting (a damaged or cut archive: the entries before it are listed). */
  damage?: string;
}

/** What came out of `7zz x` for the entries the walk picked. */
export interface Extraction {
  /** The picked entries written out whole, each with its bytes (a view of the file system's array). */
  files: Map<ListedEntry, Buffer>;
  /**
   * Files written under a name no picked entry has: 7-Zip renames a second "a.txt" to "a_1.txt"
   * and takes "../" and a leading "/" off a name. Their contents are walked all the same.
   */
  others: { name: string; data: Buffer }[];
  /** Why 7-Zip stopped before the end (the entries not written yet are not in `files`). */
  failure?: string;
  /** The picked entry being written when 7-Zip wrote more than the picked entries declare (nothing of it is kept). */
  overCap?: ListedEntry;
}

/** Why an entry is not extracted (pickEntries). */
export type SkipReason = 'encrypted' | 'link' | 'ratio' | 'total-bytes' | 'not-extracted';

/**
 * The entries to extract, in listing order: never an encrypted entry (7-Zip would ask for a
 * password) unless `encrypted` (passwords will be tried), never a link; then files while their declared sizes add up to no more than `ratioBytes`
 * (the ratio limit over the whole archive, as for a gzip: the entries of a 7z's solid block have
 * no packed size of their own; an entry past it is skipped, the next may fit), `budget` (what is
 * left of the walk's byte budget: the first entry past it ends the list, as the walk stops there)
 * and EXTRACT_MAX_BYTES (an entry of unknown size never fits). `skipped` gets each file left out,
 * with why; an encrypted entry past a limit is 'encrypted' (not opened, as a zip's: encrypted-zip.ts).
 */
export function pickEntries(
  entries: readonly ListedEntry[],
  limits: { ratioBytes: number; budget: number },
  skipped: Map<ListedEntry, SkipReason>,
  opts: { encrypted: boolean } = { encrypted: false },
): ListedEntry[] {
  const picked: ListedEntry[] = [];
  let total = 0;
  for (const entry of entries) {
    if (entry.directory) continue;
    const size = entry.size ?? Infinity;
    const limit: SkipReason | undefined = entry.link ? 'link'
      : entry.size === undefined ? 'not-extracted'
      : total + size > limits.ratioBytes ? 'ratio'
      : total + size > limits.budget ? 'total-bytes'
      : total + size > EXTRACT_MAX_BYTES ? 'not-extracted'
      : undefined;
    const why = entry.encrypted && (!opts.encrypted || limit) ? 'encrypted' : limit;
    if (!why) {
      picked.push(entry);
      total += size;
      continue;
    }
    skipped.set(entry, why);
    if (why === 'total-bytes') break;
  }
  return picked;
}

/**
 * Lists at most `maxEntries` entries (`truncated` says there were more). Never throws for bad
 * input: a corrupt or unknown archive, hidden names or too much memory come back as `ok: false`.
 */
export async function listArchive(bytes: Buffer, maxEntries: number): Promise<Listing> {
  return (await extractArchive(bytes, maxEntries, () => [])).listing;
}

/** The message's passwords for an archive (archive-passwords.ts). */
export interface ArchivePasswords {
  /** The candidates in the order to try them (passwords.ts), asked for only when something is encrypted. */
  candidates: () => readonly string[];
  /** The attachment's tries, shared with the archives nested in it. */
  budget: TryBudget;
}

export interface ArchiveContents {
  listing: Listing;
  extraction?: Extraction;
  /** The passwords tried, when something was encrypted and there were passwords to try. */
  unlock?: ArchiveUnlock;
  /** Encrypted entries picked but not extracted: one more key for them would cost more than the budget left. */
  overBudget?: ReadonlySet<ListedEntry>;
  /** With PickLimits: the files pickEntries left out, and why (the last pick's, when it picked twice). */
  skipped?: Map<ListedEntry, SkipReason>;
}

/**
 * The pick as data, applied by pickEntries in the 7-Zip worker: only the first `first` entries
 * listed (the walk's room), within `ratioBytes` and `budget`.
 */
export interface PickLimits {
  first: number;
  ratioBytes: number;
  budget: number;
}

/** A pick no limits describe (tests): run on the calling thread, the worker asking for it with the listing. */
export type PickFunction = (listing: ListingOk, opts: { encrypted: boolean }) => readonly ListedEntry[];

/**
 * Lists an archive (see above), then extracts the entries `pick` chooses from the listing (none:
 * no extraction), in the same instance, in the 7-Zip worker (seven-zip-thread.ts): one archive at
 * a time per process. Never throws for bad input. When the worker does not answer within
 * SEVENZIP_TIMEOUT_MS, or dies (out of memory, a crash), the listing is `ok: false` with reason
 * 'timeout' or 'worker-failed': not inspected, and the attachment's password tries are spent.
 */
export async function extractArchive(
  bytes: Buffer,
  maxEntries: number,
  pick: PickLimits | PickFunction,
  passwords?: ArchivePasswords,
  gate?: SevenZipGate,
): Promise<ArchiveContents> {
  return sevenZipThread().extract(bytes, maxEntries, pick, passwords, gate);
}

/**
 * Single-stream compressed files 7-Zip decompresses (true type, or 'lzma' by name: an LZMA-alone
 * stream has no magic number) → 7-Zip's name for the format.
 */
export const SINGLE_STREAMS: ReadonlyMap<string, string> = new Map([
  ['bz2', 'bzip2'], ['xz', 'xz'], ['lzma', 'lzma'], ['zst', 'zstd'], ['Z', 'Z'],
]);

/** Every single-stream format decompressStream opens: 7-Zip's (SINGLE_STREAMS), and lzip and LZ4 by Debian's tools (tool-streams.ts). */
export const STREAM_FORMATS: ReadonlySet<string> = new Set([...SINGLE_STREAMS.keys(), ...TOOL_STREAMS.keys()]);

/** What came out of one compressed stream (decompressStream). */
export interface Decompressed {
  /** The whole output; or what came before the damage when `failure` says the stream is corrupt or cut. */
  data?: Buffer;
  /** The output passed the cap: 7-Zip was stopped there and nothing is kept. */
  overCap: boolean;
  /** Why 7-Zip could not open the stream or stopped before its end. */
  failure?: string;
  /**
   * 7-Zip (or the tool) did not finish (timed out or died), or the tool is not installed
   * ('no-decompressor'): nothing of the stream is inspected; `failure` says why.
   */
  notInspected?: NotInspected | 'no-decompressor';
}

/** Why the 7-Zip worker gave no answer for an archive: it ran past SEVENZIP_TIMEOUT_MS, or died. */
export type NotInspected = 'timeout' | 'worker-failed';

/**
 * Decompresses a single compressed stream (STREAM_FORMATS; `type` is its key there): lzip and LZ4
 * by Debian's tools (tool-streams.ts, the same cap and time limit), the others in a fresh
 * 7-Zip instance, keeping at most `cap` bytes: past it 7-Zip's next write fails, so a bomb costs
 * the cap, never its declared size. Such a stream
 * neither names nor (but for xz) sizes what it holds, so nothing is listed first: the member is
 * named by the caller (walk-streams.ts). One archive at a time in the 7-Zip worker, as extractArchive.
 * Never throws for bad input.
 */
export async function decompressStream(bytes: Buffer, type: string, cap: number, gate?: SevenZipGate): Promise<Decompressed> {
  if (TOOL_STREAMS.has(type)) return decompressWithTool(bytes, type, cap);
  if (!SINGLE_STREAMS.has(type)) return { overCap: false, failure: `not a single-stream format: ${type}` };
  return sevenZipThread().decompress(bytes, type, cap, gate);
}

/** `7zz l -slt` output: the archive's block after '--', one block per entry after '----------'. */
export function parseListing(lines: string[], truncated: boolean): Listing {
  const error = lines.find((l) => l.startsWith('ERROR: '));
  const separator = lines.indexOf('----------');
  if (separator < 0) {
    if (error?.includes('encrypted archive')) return { ok: false, reason: 'encrypted-headers', detail: 'entry names are encrypted (header encryption)' };
    const why = error ? error.replace(/^ERROR: (?:\/archive :? ?)?/, '').trim() : 'no entries listed';
    return { ok: false, reason: 'corrupt', detail: why || 'cannot be opened as an archive' };
  }
  const archive = fields(lines.slice(lines.indexOf('--') + 1, separator));
  const entries: ListedEntry[] = [];
  let current: Map<string, string> | undefined;
  const flush = () => {
    if (!current?.has('Path')) return;
    const size = Number(current.get('Size'));
    const attributes = current.get('Attributes') ?? '';
    const entry: ListedEntry = {
      name: current.get('Path')!,
      directory: current.get('Folder') === '+' || /^D/.test(attributes),
      size: current.get('Size') && Number.isFinite(size) ? size : undefined,
      encrypted: current.get('Encrypted') === '+',
    };
    // (7z: the entries of one block share a key; RAR and the others: an entry has its own)
    if (entry.encrypted) entry.key = { cost: kdfCost(current.get('Method')), group: current.get('Block') ? `block ${current.get('Block')}` : `entry ${entries.length}` };
    // the Unix mode after the Windows letters: "A lrwxrwxrwx"
    if (/(?:^| )l[rwxsStT-]{9}$/.test(attributes)) entry.link = true;
    entries.push(entry);
  };
  for (const line of lines.slice(separator + 1)) {
    if (line.startsWith('Path = ')) {
      flush();
      current = new Map();
    }
    // the last value wins: a name cannot inject a field line that 7-Zip's own line for it overrides
    const eq = line.indexOf(' = ');
    if (current && eq > 0) current.set(line.slice(0, eq), line.slice(eq + 3));
  }
  flush();
  const listing: ListingOk = { ok: true, format: archive.get('Type') ?? 'archive', entries, truncated };
  const damage = damageReport(lines);
  if (damage) listing.damage = damage;
  return listing;
}

/** 7-Zip's error and warning lines ('ERROR: …', or 'ERRORS:' / 'WARNINGS:' followed by the message). */
export function damageReport(lines: string[]): string | undefined {
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!.trim();
    if (l.startsWith('ERROR: ')) out.push(l.slice(7).replace(/^\/archive :? ?/, ''));
    else if (/^(?:ERRORS|WARNINGS|Open (?:ERROR|WARNING)):/.test(l)) {
      const rest = l.slice(l.indexOf(':') + 1).trim() || lines[i + 1]?.trim();
      if (rest) out.push(rest);
    }
  }
  return out.length > 0 ? [...new Set(out)].join('; ') : undefined;
}

function fields(lines: string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of lines) {
    const eq = line.indexOf(' = ');
    if (eq > 0) out.set(line.slice(0, eq), line.slice(eq + 3));
  }
  return out;
}
