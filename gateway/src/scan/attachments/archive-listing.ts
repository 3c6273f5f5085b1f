import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { SevenZipModule, SevenZipModuleFactory } from '7z-wasm';
import { collectGarbage } from '../../gc.js';
import { createLimiter } from '../../limiter.js';
import { headerKdfCost, kdfCost, SEVENZIP_MAX_TRIES, type ArchiveUnlock, type TryBudget } from './archive-passwords.js';

/**
 * Lists and extracts the entries of archives we do not open ourselves (RAR 4 and 5, 7z, cab, arj,
 * lzh, cpio, ar; and decompresses single bz2, xz, lzma, zstd and .Z streams: decompressStream)
 * with 7-Zip compiled to WebAssembly (7z-wasm): `7zz l -slt` gives names, sizes,
 * directory, link and encryption flags, and whether the archive hides its names (header
 * encryption); then, in the same instance, `7zz x` extracts the entries the walk picked from that
 * listing (walk.ts: within the entry, byte and ratio limits, an encrypted one only with a password) into its
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
 * 210–244 ms and +98 to +124 MiB. It all runs on the main thread, synchronously: archives over
 * LIST_MAX_BYTES are not opened, and no more than EXTRACT_MAX_BYTES come out of one archive.
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
 * holds the main thread: 31 MB of text out of a 1 MB 7z took ~1 s, 64 MB ~2.5 s, with the two
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

export type Listing = ListingOk | { ok: false; reason: 'encrypted-headers' | 'corrupt' | 'memory'; detail: string };

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

/** The part of the WebAssembly API used here (the project's types have no DOM/WebAssembly lib). */
interface Wasm {
  compile(bytes: Uint8Array): Promise<WasmModule>;
  instantiate(module: WasmModule, imports: WasmImports): Promise<object>;
}
type WasmModule = { readonly __wasmModule?: never };
type WasmImports = Record<string, Record<string, unknown>>;
const wasm = (globalThis as unknown as { WebAssembly: Wasm }).WebAssembly;

let compiled: Promise<{ factory: SevenZipModuleFactory; module: WasmModule }> | undefined;

/** The 7z-wasm factory and its compiled module, loaded on first use. */
function load(): Promise<{ factory: SevenZipModuleFactory; module: WasmModule }> {
  compiled ??= (async () => {
    const require = createRequire(import.meta.url);
    const factory = require('7z-wasm') as SevenZipModuleFactory;
    const module = await wasm.compile(await readFile(require.resolve('7z-wasm/7zz.wasm')));
    return { factory, module };
  })();
  compiled.catch(() => (compiled = undefined));
  return compiled;
}

/** Archives (or their output) at least this big are followed by a full garbage collection (see extractArchive). */
const COLLECT_AFTER_BYTES = 4 * 1024 * 1024;
/** One archive at a time per process: each instance holds the archive, 7-Zip's heap and what it extracted. */
const sevenZipTurn = createLimiter(1);
/** Lines of 7-Zip's output kept while extracting (it prints one per error; the first are enough). */
const EXTRACT_MAX_LINES = 200;

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
}

/**
 * Lists an archive (see above), then extracts the entries `pick` chooses from the listing (none:
 * no extraction), in the same instance; one archive at a time per process. Never throws for bad
 * input. After a big one, a full garbage collection: a spent instance's memory (the archive's copy
 * and 7-Zip's heap, tens of MB) is freed only when V8 collects it, and 30 listings of a 20 MB 7z in
 * a row took RSS from 110 to 233 MB without it.
 */
export async function extractArchive(
  bytes: Buffer,
  maxEntries: number,
  pick: (listing: ListingOk, opts: { encrypted: boolean }) => readonly ListedEntry[],
  passwords?: ArchivePasswords,
): Promise<ArchiveContents> {
  return sevenZipTurn(async () => {
    let written = 0;
    try {
      const seven = await instance(bytes);
      let listing = list(seven, maxEntries);
      let unlock: ArchiveUnlock | undefined;
      if (!listing.ok && listing.reason === 'encrypted-headers' && passwords) {
        // hidden names: the right password lists the archive
        unlock = tryPasswords(passwords, headerKdfCost(bytes), (password) => {
          const attempt = list(seven, maxEntries, password);
          if (attempt.ok) listing = attempt;
          return attempt.ok ? 'right' : attempt.reason === 'memory' ? 'failed' : 'wrong';
        });
      }
      if (!listing.ok) return { listing, ...(unlock ? { unlock } : {}) };
      const ok: ListingOk = listing;
      let password = unlock?.opened ? unlock.password : undefined;
      let picked = pick(ok, { encrypted: passwords !== undefined });
      const probe = picked.find((e) => e.encrypted);
      if (probe && password === undefined && passwords) {
        // encrypted entries: the right password tests the first one picked
        unlock = tryPasswords(passwords, probe.key?.cost ?? kdfCost(undefined), (candidate) => test(seven, probe, candidate));
        if (unlock.opened) password = unlock.password;
        else picked = pick(ok, { encrypted: false });
      }
      const overBudget = password === undefined || !passwords ? undefined : chargeKeys(picked, probe, passwords.budget);
      if (overBudget) picked = picked.filter((e) => !overBudget.has(e));
      const found = { ...(unlock ? { unlock } : {}), ...(overBudget?.size ? { overBudget } : {}) };
      if (picked.length === 0) return { listing, ...found };
      const { extraction, damage, bytes: out } = extract(seven, picked, password);
      written = out;
      if (damage) ok.damage = [...new Set([...(ok.damage?.split('; ') ?? []), ...damage.split('; ')])].join('; ');
      return { listing, extraction, ...found };
    } finally {
      if (bytes.length >= COLLECT_AFTER_BYTES || written >= COLLECT_AFTER_BYTES) collectGarbage();
    }
  });
}

/**
 * Single-stream compressed files 7-Zip decompresses (true type, or 'lzma' by name: an LZMA-alone
 * stream has no magic number) → 7-Zip's name for the format.
 */
export const SINGLE_STREAMS: ReadonlyMap<string, string> = new Map([
  ['bz2', 'bzip2'], ['xz', 'xz'], ['lzma', 'lzma'], ['zst', 'zstd'], ['Z', 'Z'],
]);

/** What came out of one compressed stream (decompressStream). */
export interface Decompressed {
  /** The whole output; or what came before the damage when `failure` says the stream is corrupt or cut. */
  data?: Buffer;
  /** The output passed the cap: 7-Zip was stopped there and nothing is kept. */
  overCap: boolean;
  /** Why 7-Zip could not open the stream or stopped before its end. */
  failure?: string;
}

/**
 * Decompresses a single compressed stream (SINGLE_STREAMS; `type` is its key there) in a fresh
 * 7-Zip instance, keeping at most `cap` bytes: past it 7-Zip's next write fails, so a bomb costs
 * the cap, never its declared size. Such a stream
 * neither names nor (but for xz) sizes what it holds, so nothing is listed first: the member is
 * named by the caller (walk.ts). One archive at a time, as extractArchive. Never throws for bad
 * input.
 */
export async function decompressStream(bytes: Buffer, type: string, cap: number): Promise<Decompressed> {
  const format = SINGLE_STREAMS.get(type);
  if (!format) return { overCap: false, failure: `not a single-stream format: ${type}` };
  return sevenZipTurn(async () => {
    let written = 0;
    try {
      // 7-Zip names the output after the archive file without its extension: /out/stream
      const seven = await instance(bytes, `/stream.${type}`);
      const lines: string[] = [];
      seven.sink = (line) => void (lines.length < EXTRACT_MAX_LINES && lines.push(line));
      seven.fs.mkdir('/out');
      const writes = collectFiles(seven.fs, cap);
      // -t: that format and no other (whatever else the bytes could be taken for)
      const thrown = run(seven, ['x', `-t${format}`, '-bso1', '-bse1', '-bd', '-y', '-o/out', `/stream.${type}`]);
      const { files, overCap, ...out } = writes.restore();
      written = out.written;
      if (overCap !== undefined) return { overCap: true };
      const names = seven.fs.readdir('/out').filter((n) => n !== '.' && n !== '..');
      const data = names.length === 1 ? Buffer.concat(files.get(`/out/${names[0]}`) ?? [], written) : undefined;
      // ("ERROR: /stream.xz" heads the message; "Unexpected end of data : stream" names the output)
      const damage = damageReport(lines)?.split('; ').map((m) => m.replace(/ : stream$/, '')).filter((m) => m && !m.startsWith('/stream.')).join('; ');
      const failure = seven.outOfMemory
        ? `decompressing needs more than ${LIST_MAX_HEAP / (1024 * 1024)} MB`
        : damage || (thrown !== undefined || !data ? '7-Zip stopped' : undefined);
      return { overCap: false, ...(data ? { data } : {}), ...(failure ? { failure } : {}) };
    } finally {
      if (bytes.length >= COLLECT_AFTER_BYTES || written >= COLLECT_AFTER_BYTES) collectGarbage();
    }
  });
}

/** 7-Zip's argument for a password: none for none (nor for an empty one: `-p` alone is no password). */
const passwordArg = (password: string | undefined): string[] => (password ? [`-p${password}`] : []);

/**
 * The candidates in order, each try's `cost` taken from the budget first: the first that `attempt`
 * finds right; past the budget, not opened ('budget'). A key too costly for the whole budget (a
 * hostile KDF count) is never derived.
 */
function tryPasswords(passwords: ArchivePasswords, cost: number, attempt: (password: string) => 'right' | 'wrong' | 'unsupported' | 'failed'): ArchiveUnlock {
  const candidates = passwords.candidates().filter((p) => p !== '');
  let tried = 0;
  for (const password of candidates) {
    if (!passwords.budget.spend(cost)) {
      const detail = tried > 0 || cost <= SEVENZIP_MAX_TRIES
        ? `password tries used up after ${tried} of ${candidates.length} candidates (${SEVENZIP_MAX_TRIES} per attachment)`
        : `one password try costs more than the attachment's budget (key derivation ${Number.isFinite(cost) ? `${cost}×` : 'of unknown cost, not'} the default)`;
      return { opened: false, reason: 'budget', detail };
    }
    tried += 1;
    const result = attempt(password);
    if (result === 'right') return { opened: true, password };
    if (result === 'unsupported') return { opened: false, reason: 'unsupported', detail: '7-Zip cannot decrypt this entry (unsupported method)' };
    if (result === 'failed') return { opened: false, reason: 'failed', detail: `7-Zip needs more than ${LIST_MAX_HEAP / (1024 * 1024)} MB to try a password` };
  }
  return { opened: false, reason: 'wrong-password', detail: `none of ${candidates.length} candidate passwords opens it` };
}

/**
 * Charges the keys of the picked encrypted entries beyond the one already derived (the probe's,
 * or the names' for hidden names: 7-Zip keeps it, and a 7z block or RAR entry encrypted the same
 * way reuses it, but each may carry its own salt): the entries whose key no longer fits.
 */
function chargeKeys(picked: readonly ListedEntry[], probe: ListedEntry | undefined, budget: TryBudget): Set<ListedEntry> {
  const paid = new Set(probe?.key ? [probe.key.group] : []);
  const over = new Set<ListedEntry>();
  for (const e of picked) {
    if (!e.encrypted || !e.key || paid.has(e.key.group)) continue;
    if (budget.spend(e.key.cost)) paid.add(e.key.group);
    else over.add(e);
  }
  return over;
}

/**
 * `7zz t` of one entry with a password: right when 7-Zip says "Everything is Ok" (the data decrypts,
 * decompresses and matches its CRC); "Wrong password", "Data Error in encrypted file" or "CRC
 * Failed" say it is not. Of a 7z's solid block, the entries before it are decoded too: within the
 * limits the walk picked them by.
 */
function test(seven: Instance, entry: ListedEntry, password: string): 'right' | 'wrong' | 'unsupported' | 'failed' {
  if (/[\r\n]/.test(entry.name)) return 'failed';
  const lines: string[] = [];
  seven.sink = (line) => void (lines.length < EXTRACT_MAX_LINES && lines.push(line));
  seven.fs.writeFile('/probe', `"${entry.name}"\n`);
  const thrown = run(seven, ['t', '-bso1', '-bse1', '-bd', '-y', '-r-', '-spd', '-scsUTF-8', '-sccUTF-8', ...passwordArg(password), '/archive', '@/probe']);
  if (seven.outOfMemory) return 'failed';
  if (lines.some((l) => l.includes('Unsupported Method'))) return 'unsupported';
  const failed = lines.some((l) => /Wrong password|Data Error|CRC Failed/i.test(l));
  return thrown === undefined && !failed && lines.includes('Everything is Ok') ? 'right' : 'wrong';
}

/** The file-system calls used here that 7z-wasm's types leave out. */
interface FsInternals {
  write(stream: { node: { mode: number } }, buffer: ArrayBufferView, offset: number, length: number, position?: number, canOwn?: boolean): number;
  ErrnoError: new (errno: number) => Error;
  lookupPath(path: string, opts: { follow: boolean }): { node: { mode: number } };
}
/** Emscripten's errno for "no space left on device". */
const ENOSPC = 51;

/** A fresh 7-Zip instance holding the archive as /archive (or `file`); `sink` receives its output lines. */
interface Instance {
  sz: SevenZipModule;
  fs: Omit<SevenZipModule['FS'], keyof FsInternals> & FsInternals;
  sink: (line: string) => void;
  outOfMemory: boolean;
}

async function instance(bytes: Buffer, file = '/archive'): Promise<Instance> {
  const { factory, module } = await load();
  const seven = { sink: () => undefined, outOfMemory: false } as unknown as Instance;
  seven.sz = await factory({
    print: (line: string) => seven.sink(line),
    printErr: (line: string) => seven.sink(line),
    // never a prompt on the gateway's stdin: end of input (7-Zip then gives up on a password)
    stdin: () => null as unknown as number,
    instantiateWasm(imports: WasmImports, done: (instance: object, module: WasmModule) => void) {
      const env = imports['env'];
      const grow = env?.['emscripten_resize_heap'] as ((size: number) => boolean) | undefined;
      if (env && grow) {
        env['emscripten_resize_heap'] = (size: number) => {
          if (size >>> 0 > LIST_MAX_HEAP) return (seven.outOfMemory = true), false;
          return grow(size);
        };
      }
      void wasm.instantiate(module, imports).then((instance) => done(instance, module));
      return {};
    },
  } as never);
  seven.fs = seven.sz.FS as unknown as Instance['fs'];
  seven.fs.writeFile(file, bytes);
  return seven;
}

/** Runs 7-Zip; what it threw (it throws to stop: a failed allocation, no password, a failed write), else undefined. */
function run(seven: Instance, args: string[]): unknown {
  const exitCode = process.exitCode;
  try {
    seven.sz.callMain(args);
    return undefined;
  } catch (err) {
    return err ?? 'stopped';
  } finally {
    process.exitCode = exitCode;
  }
}

function list(seven: Instance, maxEntries: number, password?: string): Listing {
  const lines: string[] = [];
  let inEntries = false;
  let entries = 0;
  let truncated = false;
  // past maxEntries nothing more is kept (7-Zip still reads on: an error thrown here would be caught by its stdout)
  seven.sink = (line: string) => {
    if (truncated) return;
    if (line === '----------') inEntries = true;
    else if (inEntries && line.startsWith('Path = ') && ++entries > maxEntries) truncated = true;
    if (!truncated) lines.push(line);
  };
  // -slt: one "Key = Value" block per entry; -bso1 -bse1: errors into the same output
  const thrown = run(seven, ['l', '-slt', '-bso1', '-bse1', '-sccUTF-8', ...passwordArg(password), '/archive']);
  const outOfMemory = { ok: false, reason: 'memory', detail: `listing needs more than ${LIST_MAX_HEAP / (1024 * 1024)} MB` } as const;
  if (thrown !== undefined) {
    if (lines.some((l) => l.startsWith('Enter password'))) {
      return { ok: false, reason: 'encrypted-headers', detail: 'entry names are encrypted (header encryption)' };
    } else if (seven.outOfMemory) {
      return outOfMemory;
    } else {
      return { ok: false, reason: 'corrupt', detail: `7-Zip failed: ${thrown instanceof Error ? thrown.message : String(thrown)}` };
    }
  }
  if (seven.outOfMemory) return outOfMemory;
  return parseListing(lines, truncated);
}

/**
 * `7zz x` of the picked entries (named in a list file, no wildcards) into /out, then the files read
 * back without copying. Only regular files are taken: a link 7-Zip made is not followed.
 */
function extract(seven: Instance, picked: readonly ListedEntry[], password?: string): { extraction: Extraction; damage?: string; bytes: number } {
  const { fs } = seven;
  const lines: string[] = [];
  seven.sink = (line) => void (lines.length < EXTRACT_MAX_LINES && lines.push(line));
  // 7-Zip trims a list file's lines, then takes the quotes off a quoted one: quoted, a name keeps
  // its leading and trailing spaces. A name with a line break cannot be written there: not extracted.
  const named = picked.filter((e) => !/[\r\n]/.test(e.name));
  // (an empty list would extract everything)
  if (named.length === 0) return { extraction: { files: new Map(), others: [] }, bytes: 0 };
  fs.writeFile('/list', named.map((e) => `"${e.name}"\n`).join(''));
  fs.mkdir('/out');
  // 7-Zip may write no more than the picked entries say they hold (each decoder stops at the
  // declared size; this holds it to that whatever the archive says)
  const writes = collectFiles(fs, named.reduce((sum, e) => sum + (e.size ?? 0), 0));
  // -spd: names are names, not wildcards; -r-: only that path; -aou: a second entry of the same
  // name is written as "name_1" (not over the first); -y: no question on the terminal
  const thrown = run(seven, ['x', '-bso1', '-bse1', '-bd', '-y', '-aou', '-r-', '-spd', '-scsUTF-8', '-sccUTF-8', ...passwordArg(password), '-o/out', '/archive', '@/list']);
  const { written, overCap, files } = writes.restore();

  const byName = new Map<string, ListedEntry[]>();
  for (const e of named) byName.set(e.name, [...(byName.get(e.name) ?? []), e]);
  const extraction: Extraction = { files: new Map(), others: [] };
  const visit = (dir: string, prefix: string) => {
    for (const name of fs.readdir(dir)) {
      if (name === '.' || name === '..') continue;
      const path = `${dir}/${name}`;
      const node = fs.lookupPath(path, { follow: false }).node;
      if (fs.isDir(node.mode)) visit(path, `${prefix}${name}/`);
      if (!fs.isFile(node.mode)) continue;
      const entry = byName.get(prefix + name)?.shift();
      if (path === overCap) {
        extraction.overCap = entry;
        continue;
      }
      // what 7-Zip wrote to it, joined once (collectFiles; the file system's own file stays empty)
      const chunks = files.get(path) ?? [];
      const data = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
      files.delete(path);
      if (entry) extraction.files.set(entry, data);
      else extraction.others.push({ name: prefix + name, data });
    }
  };
  visit('/out', '');
  if (thrown !== undefined) {
    extraction.failure = lines.some((l) => l.startsWith('Enter password'))
      ? '7-Zip asked for a password'
      : seven.outOfMemory
        ? `extracting needs more than ${LIST_MAX_HEAP / (1024 * 1024)} MB`
        : overCap
          ? 'the archive holds more bytes than its entries declare'
          : '7-Zip stopped extracting';
  }
  const damage = damageReport(lines);
  return { extraction, bytes: written, ...(damage ? { damage } : {}) };
}

/**
 * Takes 7-Zip's writes to files instead of the file system, up to `cap` bytes in all, as each
 * file's chunks (by path; a file is written from start to end, and a write anywhere else fails):
 * the file system would grow each file's array by an eighth at a time, a copy each time. A write
 * past the cap fails (no space left on the device), which stops the extraction; `overCap` is the
 * path of the file being written then. Used for single streams too (decompressStream, one file):
 * 1 GB bz2 and xz bombs cut at 32 MB peaked at +105 to +130 MB of RSS and took ~290 ms in the file
 * system's arrays, +36 MB and ~140 ms as chunks; a 20 MB 7z of one incompressible file, peak +98
 * to +124 MiB and 210–244 ms before, +61 MiB and 146–169 ms as chunks.
 */
function collectFiles(fs: Instance['fs'], cap: number): { restore(): { written: number; overCap?: string; files: Map<string, Buffer[]> } } {
  const files = new Map<string, Buffer[]>();
  const sizes = new Map<string, number>();
  let written = 0;
  let overCap: string | undefined;
  const write = fs.write;
  fs.write = (stream, buffer, offset, length, position, canOwn) => {
    if (!fs.isFile(stream.node.mode)) return write(stream, buffer, offset, length, position, canOwn);
    const path = fs.getPath(stream.node as never);
    const s = stream as typeof stream & { position: number };
    const size = sizes.get(path) ?? 0;
    if ((position ?? s.position) !== size) throw new fs.ErrnoError(ENOSPC);
    written += length;
    if (written > cap) {
      overCap ??= path;
      throw new fs.ErrnoError(ENOSPC);
    }
    // a copy: `buffer` is a view of 7-Zip's heap
    const chunk = Buffer.from(buffer.buffer.slice(buffer.byteOffset + offset, buffer.byteOffset + offset + length));
    const list = files.get(path);
    if (list) list.push(chunk);
    else files.set(path, [chunk]);
    sizes.set(path, size + length);
    if (position === undefined) s.position += length;
    return length;
  };
  return {
    restore() {
      fs.write = write;
      return overCap === undefined ? { written, files } : { written, overCap, files };
    },
  };
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
function damageReport(lines: string[]): string | undefined {
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
