// CPU and heap of parseMessage with BodyExtractor (bodies.ts) or with mailparser, over a folder of
// .eml files read in place. Runs on a build (npx tsc -p tsconfig.build.json --outDir .prof/bb):
//   node --expose-gc scripts/bodies-bench.mjs .prof/bb ours|mailparser /work/shared/corpus-dev [rounds]
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [built, which, folder, roundsArg] = process.argv.slice(2);
const rounds = Number(roundsArg ?? 5);
const mb = (n) => (n / 1024 / 1024).toFixed(1);
const gcHeap = () => {
  for (let i = 0; i < 3; i++) globalThis.gc();
  return process.memoryUsage().heapUsed;
};
const base = gcHeap();
const load = (p) => import(pathToFileURL(path.resolve(built, p)).href);
const { parseMessage, releaseMessage } = await load('parse/index.js');
const { DEFAULT_LIMITS } = await load('config/defaults.js');
let parser;
if (which === 'mailparser') {
  const { MailParser } = await import('mailparser');
  const { SPLIT_OPTIONS } = await load('parse/mime-tree.js');
  class ReferenceParser extends MailParser {
    push(data) {
      if (!data || data.type !== 'attachment') return super.push(data);
      const header = data.headers.get('content-type');
      const charset = header?.params?.charset;
      return super.push({
        type: 'attachment',
        content: data.content,
        declaredType: header?.value ?? '',
        contentType: data.contentType ?? '',
        ...(typeof charset === 'string' && charset !== '' ? { charset } : {}),
        disposition: data.contentDisposition ?? '',
        filename: data.filename ?? '',
        partPath: data.partId ?? '',
        release: () => data.release?.(),
      });
    }
  }
  const options = { ...SPLIT_OPTIONS, skipHtmlToText: true, skipTextToHtml: true, skipTextLinks: true, skipImageLinks: true, checksumAlgo: false };
  parser = () => new ReferenceParser(options);
}
const loaded = gcHeap();

const files = [];
(function walk(dir) {
  for (const name of readdirSync(dir).sort()) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) walk(full);
    else if (name.endsWith('.eml')) files.push(readFileSync(full));
  }
})(folder);

async function pass() {
  for (const raw of files) await releaseMessage(await parseMessage(raw, DEFAULT_LIMITS, parser ? { parser } : {}));
}
await pass(); // warm-up
const cpu0 = process.cpuUsage();
const t0 = performance.now();
for (let r = 0; r < rounds; r++) await pass();
const wall = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
const n = files.length * rounds;
console.log(
  `${which}: ${files.length} files x ${rounds}: ${((cpu.user + cpu.system) / 1000 / n).toFixed(3)} ms CPU/message, ` +
    `${(wall / n).toFixed(3)} ms wall/message; heap: modules ${mb(loaded - base)} MB over a bare start, ` +
    `${mb(loaded)} MB after load, ${mb(gcHeap())} MB after the run (after GC)`,
);
