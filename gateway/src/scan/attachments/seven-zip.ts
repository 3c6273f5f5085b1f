import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { SevenZipModule, SevenZipModuleFactory } from '7z-wasm';
import { damageReport, LIST_MAX_HEAP, parseListing, SINGLE_STREAMS, type ArchiveContents, type Decompressed, type Extraction, type ListedEntry, type Listing, type ListingOk } from './archive-listing.js';
import { headerKdfCost, kdfCost, SEVENZIP_MAX_TRIES, type ArchiveUnlock, type TryBudget } from './archive-passwords.js';

/**
 * 7-Zip itself (7z-wasm), as the 7-Zip worker thread runs it (seven-zip-worker.ts; archive-listing.ts
 * says what is listed, tried and extracted, and why). Everything here is synchronous WebAssembly
 * but for asking the main thread (`pick`, `candidates`): it runs in the worker so that it never
 * holds the gateway's event loop. Every archive gets a fresh instance over an in-memory file system
 * (no access to the disk), so a hostile archive cannot leave state behind.
 */

/** The passwords of an archive, as the engine gets them: candidates asked of the main thread only when something is encrypted. */
export interface EnginePasswords {
  candidates: () => Promise<readonly string[]>;
  /** The tries left to the archive: the attachment's TryBudget as the worker got it (its remaining). */
  budget: TryBudget;
}

/** The entries to extract from a listing (`encrypted`: passwords will be tried). */
export type EnginePick = (listing: ListingOk, opts: { encrypted: boolean }) => Promise<readonly ListedEntry[]>;

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

/** Lines of 7-Zip's output kept while extracting (it prints one per error; the first are enough). */
const EXTRACT_MAX_LINES = 200;

/**
 * Lists an archive, then extracts the entries `pick` chooses from the listing (none: no
 * extraction), in the same instance, trying the passwords where something is encrypted (see
 * archive-listing.ts extractArchive). `written`: the bytes 7-Zip wrote. Never throws for bad input.
 */
export async function openArchive(
  bytes: Buffer,
  maxEntries: number,
  pick: EnginePick,
  passwords?: EnginePasswords,
): Promise<ArchiveContents & { written: number }> {
  const seven = await instance(bytes);
  let listing = list(seven, maxEntries);
  let unlock: ArchiveUnlock | undefined;
  if (!listing.ok && listing.reason === 'encrypted-headers' && passwords) {
    // hidden names: the right password lists the archive
    unlock = await tryPasswords(passwords, headerKdfCost(bytes), (password) => {
      const attempt = list(seven, maxEntries, password);
      if (attempt.ok) listing = attempt;
      return attempt.ok ? 'right' : attempt.reason === 'memory' ? 'failed' : 'wrong';
    });
  }
  if (!listing.ok) return { listing, ...(unlock ? { unlock } : {}), written: 0 };
  const ok: ListingOk = listing;
  let password = unlock?.opened ? unlock.password : undefined;
  let picked = await pick(ok, { encrypted: passwords !== undefined });
  const probe = picked.find((e) => e.encrypted);
  if (probe && password === undefined && passwords) {
    // encrypted entries: the right password tests the first one picked
    unlock = await tryPasswords(passwords, probe.key?.cost ?? kdfCost(undefined), (candidate) => test(seven, probe, candidate));
    if (unlock.opened) password = unlock.password;
    else picked = await pick(ok, { encrypted: false });
  }
  const overBudget = password === undefined || !passwords ? undefined : chargeKeys(picked, probe, passwords.budget);
  if (overBudget) picked = picked.filter((e) => !overBudget.has(e));
  const found = { ...(unlock ? { unlock } : {}), ...(overBudget?.size ? { overBudget } : {}) };
  if (picked.length === 0) return { listing, ...found, written: 0 };
  const { extraction, damage, bytes: written } = extract(seven, picked, password);
  if (damage) ok.damage = [...new Set([...(ok.damage?.split('; ') ?? []), ...damage.split('; ')])].join('; ');
  return { listing, extraction, ...found, written };
}

/**
 * Decompresses a single compressed stream (SINGLE_STREAMS; `type` is its key there), keeping at
 * most `cap` bytes (archive-listing.ts decompressStream). Never throws for bad input.
 */
export async function decompress(bytes: Buffer, type: string, cap: number): Promise<Decompressed & { written: number }> {
  const format = SINGLE_STREAMS.get(type);
  if (!format) return { overCap: false, failure: `not a single-stream format: ${type}`, written: 0 };
  // 7-Zip names the output after the archive file without its extension: /out/stream
  const seven = await instance(bytes, `/stream.${type}`);
  const lines: string[] = [];
  seven.sink = (line) => void (lines.length < EXTRACT_MAX_LINES && lines.push(line));
  seven.fs.mkdir('/out');
  const writes = collectFiles(seven.fs, cap);
  // -t: that format and no other (whatever else the bytes could be taken for)
  const thrown = run(seven, ['x', `-t${format}`, '-bso1', '-bse1', '-bd', '-y', '-o/out', `/stream.${type}`]);
  const { files, overCap, written } = writes.restore();
  if (overCap !== undefined) return { overCap: true, written };
  const names = seven.fs.readdir('/out').filter((n) => n !== '.' && n !== '..');
  const data = names.length === 1 ? Buffer.concat(files.get(`/out/${names[0]}`) ?? [], written) : undefined;
  // ("ERROR: /stream.xz" heads the message; "Unexpected end of data : stream" names the output)
  const damage = damageReport(lines)?.split('; ').map((m) => m.replace(/ : stream$/, '')).filter((m) => m && !m.startsWith('/stream.')).join('; ');
  const failure = seven.outOfMemory
    ? `decompressing needs more than ${LIST_MAX_HEAP / (1024 * 1024)} MB`
    : damage || (thrown !== undefined || !data ? '7-Zip stopped' : undefined);
  return { overCap: false, ...(data ? { data } : {}), ...(failure ? { failure } : {}), written };
}

/** 7-Zip's argument for a password: none for none (nor for an empty one: `-p` alone is no password). */
const passwordArg = (password: string | undefined): string[] => (password ? [`-p${password}`] : []);

/**
 * The candidates in order, each try's `cost` taken from the budget first: the first that `attempt`
 * finds right; past the budget, not opened ('budget'). A key too costly for the whole budget (a
 * hostile KDF count) is never derived.
 */
async function tryPasswords(passwords: EnginePasswords, cost: number, attempt: (password: string) => 'right' | 'wrong' | 'unsupported' | 'failed'): Promise<ArchiveUnlock> {
  const candidates = (await passwords.candidates()).filter((p) => p !== '');
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
