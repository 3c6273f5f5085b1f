import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * Where a worker thread's module is, given its built name beside the caller
 * (`new URL('./x-worker.js', import.meta.url)`): that file in the built gateway (dist/); else, when
 * the sources run (vitest, vite-node) and a plain Worker cannot load the TypeScript sibling
 * x-worker.ts, that file bundled once with esbuild (the bundler vite ships) into
 * node_modules/.cache/lachan/ under a name made of its content's hash (parallel test processes
 * write the same file; a rename makes it whole at once). Undefined when neither exists. Used by
 * the QR worker (scan/qr/off-thread.ts) and 7-Zip's (scan/attachments/seven-zip-thread.ts).
 */
export async function workerModuleUrl(js: URL): Promise<URL | undefined> {
  if (existsSync(fileURLToPath(js))) return js;
  const ts = new URL(js.href.replace(/\.js$/, '.ts'));
  if (!existsSync(fileURLToPath(ts))) return undefined;
  return bundled(fileURLToPath(ts));
}

interface EsbuildLike {
  build(options: Record<string, unknown>): Promise<{ outputFiles: { text: string }[] }>;
}

async function bundled(entry: string): Promise<URL> {
  const name = 'esbuild'; // vite's own bundler: present wherever vitest is, never needed by the built gateway
  const esbuild = (await import(/* @vite-ignore */ name)) as EsbuildLike;
  const result = await esbuild.build({ entryPoints: [entry], bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', write: false, logLevel: 'silent' });
  const code = result.outputFiles[0]!.text;
  const dir = fileURLToPath(new URL('../node_modules/.cache/lachan/', import.meta.url));
  const file = `${dir}${basename(entry, '.ts')}-${createHash('sha256').update(code).digest('hex').slice(0, 16)}.mjs`;
  if (!existsSync(file)) {
    await mkdir(dir, { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    await writeFile(tmp, code);
    await rename(tmp, file);
  }
  return pathToFileURL(file);
}
