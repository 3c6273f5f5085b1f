import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { SevenZipModule, SevenZipModuleFactory } from '7z-wasm';
import { collectGarbage } from '../../gc.js';
import { createLimiter } from '../../limiter.js';

/**
 * Lists the entries of archives we do not open ourselves (RAR 4 and 5, 7z, cab, arj, lzh, cpio, ar)
 * with 7-Zip compiled to WebAssembly (7z-wasm, `7zz l -slt`): names, sizes, directory and
 * encryption flags, and whether the archive hides its names (header encryption). Nothing is
 * extracted: the walk checks the names like zip members (walk.ts).
 *
 * The WebAssembly module (1.6 MB) is compiled once, on the first such archive: ~50 ms and ~14 MB
 * of RSS here. Every listing gets a fresh instance over an in-memory file system (no access to the
 * disk), so a hostile archive cannot leave state behind, and its memory is freed with it. The
 * instance's heap may grow to LIST_MAX_HEAP at most; past it 7-Zip fails to allocate and the
 * archive is reported as not listable. Measured (Node 20, 2 cores): a small RAR ~4 ms; a 5 MB 7z
 * ~110 ms (mostly copying it into the instance), RSS 60 → 87 MB during, ~100 MB after 20 more in a
 * row (the instances are collected). The listing runs on the main thread, synchronously: archives
 * over LIST_MAX_BYTES are not listed. 7-Zip is never given a password: an archive
 * whose names are encrypted makes it ask for one, which is how it is recognised (without deriving
 * any key, so a high KDF count in a RAR5 header costs nothing).
 */

/** Archives larger than this are not listed (still reported as uninspectable). */
export const LIST_MAX_BYTES = 25 * 1024 * 1024;
/** Most memory one 7-Zip instance may grow to while listing. */
export const LIST_MAX_HEAP = 256 * 1024 * 1024;

/** True types (file-type's ext) whose entries have names worth listing. */
export const LISTABLE_ARCHIVES: ReadonlySet<string> = new Set(['rar', '7z', 'cab', 'arj', 'lzh', 'lha', 'cpio', 'ar']);

export interface ListedEntry {
  name: string;
  directory: boolean;
  /** Unpacked size when the archive says it. */
  size: number | undefined;
  encrypted: boolean;
}

export type Listing =
  | {
      ok: true;
      format: string;
      entries: ListedEntry[];
      /** More entries than asked for: the list stops there. */
      truncated: boolean;
      /** What 7-Zip said was wrong after listing (a damaged or cut archive: the entries before it are listed). */
      damage?: string;
    }
  | { ok: false; reason: 'encrypted-headers' | 'corrupt' | 'memory'; detail: string };

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

/**
 * Lists at most `maxEntries` entries (`truncated` says there were more). Never throws for bad
 * input: a corrupt or unknown archive, hidden names or too much memory come back as `ok: false`.
 */
/** Archives at least this big are followed by a full garbage collection (see listArchive). */
const COLLECT_AFTER_BYTES = 4 * 1024 * 1024;
/** One listing at a time per process: each instance holds the archive and 7-Zip's heap. */
const listingTurn = createLimiter(1);

/**
 * Lists an archive (see above), one at a time per process. After a big one, a full garbage
 * collection: a spent instance's memory (the archive's copy and 7-Zip's heap, tens of MB) is freed
 * only when V8 collects it, and 30 listings of a 20 MB 7z in a row took RSS from 110 to 233 MB
 * without it.
 */
export async function listArchive(bytes: Buffer, maxEntries: number): Promise<Listing> {
  return listingTurn(async () => {
    try {
      return await listOnce(bytes, maxEntries);
    } finally {
      if (bytes.length >= COLLECT_AFTER_BYTES) collectGarbage();
    }
  });
}

async function listOnce(bytes: Buffer, maxEntries: number): Promise<Listing> {
  const { factory, module } = await load();
  const lines: string[] = [];
  let inEntries = false;
  let entries = 0;
  let outOfMemory = false;
  let truncated = false;
  // past maxEntries nothing more is kept (7-Zip still reads on: an error thrown here would be caught by its stdout)
  const print = (line: string) => {
    if (truncated) return;
    if (line === '----------') inEntries = true;
    else if (inEntries && line.startsWith('Path = ') && ++entries > maxEntries) truncated = true;
    if (!truncated) lines.push(line);
  };
  const sz: SevenZipModule = await factory({
    print,
    printErr: print,
    // never a prompt on the gateway's stdin: end of input (7-Zip then gives up on a password)
    stdin: () => null as unknown as number,
    instantiateWasm(imports: WasmImports, done: (instance: object, module: WasmModule) => void) {
      const env = imports['env'];
      const grow = env?.['emscripten_resize_heap'] as ((size: number) => boolean) | undefined;
      if (env && grow) {
        env['emscripten_resize_heap'] = (size: number) => {
          if (size >>> 0 > LIST_MAX_HEAP) return (outOfMemory = true), false;
          return grow(size);
        };
      }
      void wasm.instantiate(module, imports).then((instance) => done(instance, module));
      return {};
    },
  } as never);
  sz.FS.writeFile('/archive', bytes);
  try {
    // -slt: one "Key = Value" block per entry; -bso1 -bse1: errors into the same output
    sz.callMain(['l', '-slt', '-bso1', '-bse1', '-sccUTF-8', '/archive']);
  } catch (err) {
    if (lines.some((l) => l.startsWith('Enter password'))) {
      return { ok: false, reason: 'encrypted-headers', detail: 'entry names are encrypted (header encryption)' };
    } else if (outOfMemory) {
      return { ok: false, reason: 'memory', detail: `listing needs more than ${LIST_MAX_HEAP / (1024 * 1024)} MB` };
    } else {
      return { ok: false, reason: 'corrupt', detail: `7-Zip failed: ${err instanceof Error ? err.message : String(err)}` };
    }
  }
  if (outOfMemory) return { ok: false, reason: 'memory', detail: `listing needs more than ${LIST_MAX_HEAP / (1024 * 1024)} MB` };
  return parseListing(lines, truncated);
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
    entries.push({
      name: current.get('Path')!,
      directory: current.get('Folder') === '+' || /^D/.test(attributes),
      size: current.get('Size') && Number.isFinite(size) ? size : undefined,
      encrypted: current.get('Encrypted') === '+',
    });
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
  const listing: Listing = { ok: true, format: archive.get('Type') ?? 'archive', entries, truncated };
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
