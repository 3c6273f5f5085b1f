import { basename } from 'node:path';
import { runBounded } from '../../child-process.js';
import { createLimiter } from '../../limiter.js';
import type { Decompressed } from './archive-listing.js';
import { SEVENZIP_TIMEOUT_MS } from './seven-zip-thread.js';

/**
 * Single compressed streams 7-Zip does not decompress (7z-wasm opens neither): lzip (.lz, .tlz)
 * and LZ4 (.lz4), decompressed by Debian's own tools (packages `lzip` and `lz4`) as child
 * processes, the stream on stdin and what it holds on stdout (child-process.ts runBounded). The
 * rest is as for the 7-Zip streams (archive-listing.ts decompressStream, walk-streams.ts walkStream): the same
 * cap on what comes out (past it the tool is killed and nothing is kept, so a bomb costs the cap),
 * the same time limit as one archive in 7-Zip (SEVENZIP_TIMEOUT_MS, then SIGKILL), and a cut or
 * corrupt stream gives what came out before the damage with the tool's message.
 *
 * Fail closed: a tool that is not installed gives 'no-decompressor', one that runs past the time
 * limit 'timeout', one killed by a signal (a crash) 'worker-failed': the attachment is reported
 * uninspectable with that tag, nothing of it walked. At most TOOL_PROCESSES run at once in the
 * process, the others wait their turn (a stream's time limit starts with its process). Measured
 * here (lzip 1.23, lz4 1.9.4, 2 cores shared with other work): 256 MB of zeros cut at the 32 MB
 * cap in 250–970 ms (lzip, a 38 KB stream) and 290–540 ms (lz4, a 1 MB stream), the tool killed there.
 */

/** The tool and arguments per format (true type: file-type's ext): decompress stdin to stdout. */
export const TOOL_STREAMS: ReadonlyMap<string, { binary: string; args: readonly string[]; pkg: string }> = new Map([
  // (-q would silence lzip's error messages too)
  ['lz', { binary: 'lzip', args: ['-d', '-c'], pkg: 'lzip' }],
  // (-q: no progress line; errors are still printed)
  ['lz4', { binary: 'lz4', args: ['-d', '-c', '-q'], pkg: 'lz4' }],
]);

/** Decompressor processes at once in this gateway process. */
export const TOOL_PROCESSES = 2;
/** Bytes of a tool's error messages kept (the first lines say what is wrong). */
const STDERR_BYTES = 2048;

const limit = createLimiter(TOOL_PROCESSES);

/** Options for tests: another binary (a missing one, a hanging one), a shorter time limit. */
export interface ToolOptions {
  binary?: string;
  timeoutMs?: number;
}

/** Decompresses a stream of TOOL_STREAMS (`type` is its key there), keeping at most `cap` bytes. Never throws. */
export async function decompressWithTool(bytes: Buffer, type: string, cap: number, opts: ToolOptions = {}): Promise<Decompressed> {
  const tool = TOOL_STREAMS.get(type);
  if (!tool) return { overCap: false, failure: `not a single-stream format: ${type}` };
  const binary = opts.binary ?? tool.binary;
  const timeoutMs = opts.timeoutMs ?? SEVENZIP_TIMEOUT_MS;
  const r = await limit(() => runBounded(binary, tool.args, { input: bytes, timeoutMs, maxStdout: cap, overStdout: 'kill', maxStderr: STDERR_BYTES }));
  switch (r.outcome) {
    case 'not-found':
    case 'failed':
      return { overCap: false, failure: `${binary} cannot be run (${r.error}); Debian: apt-get install ${tool.pkg}`, notInspected: 'no-decompressor' };
    case 'timeout':
    case 'aborted':
      return { overCap: false, failure: `${binary} did not finish within ${timeoutMs} ms`, notInspected: 'timeout' };
    case 'over-cap':
      return { overCap: true };
    case 'exited':
      if (r.code === null) return { overCap: false, failure: `${binary} was killed (crashed)`, notInspected: 'worker-failed' };
      if (r.code === 0) return { overCap: false, data: r.stdout };
      return { overCap: false, data: r.stdout, failure: toolMessage(r.stderr, binary) || `${binary} exited with code ${r.code}` };
  }
}

/** What `lachan start` says of the decompressors: each tool's version, or which are missing. */
export interface ToolCheck {
  ok: boolean;
  /** "lzip 1.23, lz4 1.9.4" */
  versions: string;
  /** The tools that cannot be run, with their Debian package. */
  missing: Array<{ binary: string; pkg: string }>;
}

/** Runs each decompressor once with --version (5 s at most each). Never throws. */
export async function checkTools(binaries: ReadonlyMap<string, string> = new Map()): Promise<ToolCheck> {
  const versions: string[] = [];
  const missing: ToolCheck['missing'] = [];
  for (const [type, tool] of TOOL_STREAMS) {
    const binary = binaries.get(type) ?? tool.binary;
    const r = await runBounded(binary, ['--version'], { timeoutMs: 5000, maxStdout: 4096, overStdout: 'drop', maxStderr: 4096 });
    if (r.outcome !== 'exited' || r.code !== 0) {
      missing.push({ binary, pkg: tool.pkg });
      continue;
    }
    // "lzip 1.23" / "*** LZ4 command line interface 64-bits v1.9.4, by Yann Collet ***"
    const text = `${r.stdout.toString('utf8')}\n${r.stderr}`;
    const version = /\bv?(\d+\.\d+(?:\.\d+)?)\b/.exec(text)?.[1];
    versions.push(version ? `${basename(binary)} ${version}` : basename(binary));
  }
  return { ok: missing.length === 0, versions: versions.join(', '), missing };
}

/**
 * The tool's error lines without who says it: "lzip: (stdin): File ends unexpectedly at pos 150000"
 * → "File ends unexpectedly at pos 150000"; "Error 68 : Unfinished stream" → "Unfinished stream".
 */
export function toolMessage(stderr: string, binary: string): string {
  const lines = stderr.split(/\r?\n/).map((l) => l
    .trim()
    .replace(new RegExp(`^${basename(binary).replace(/[^\w-]/g, '\\$&')}:\\s*`), '')
    .replace(/^\(stdin\):\s*/, '')
    .replace(/^Error \d+ :\s*/, '')
    .trim()).filter((l) => l && !/^Try '.*--help'/.test(l));
  return [...new Set(lines)].slice(0, 3).join('; ');
}
