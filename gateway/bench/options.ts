import { parseArgs } from 'node:util';

/** The paths the bench can measure, in the order the report shows them. */
export const CONFIGS = ['sink', 'haraka', 'haraka-clamd', 'lachan', 'lachan-w2', 'lachan-et100'] as const;
export type ConfigName = (typeof CONFIGS)[number];

export const CONFIG_LABELS: Record<ConfigName, string> = {
  sink: 'straight into smtp-sink',
  haraka: 'Haraka 3.3.4 plain',
  'haraka-clamd': 'Haraka 3.3.4 + clamd',
  lachan: 'Lá Chắn (full scanning)',
  'lachan-w2': 'Lá Chắn, LACHAN_WORKERS=2',
  'lachan-et100': 'Lá Chắn, early-talker 100 ms',
};

export interface BenchOptions {
  quick: boolean;
  rounds: number;
  /** Message sizes on the wire, bytes. */
  sizes: number[];
  concurrency: number[];
  configs: ConfigName[];
  /** Messages per path in the latency test (Haraka and the 100 ms variant get fewer, see latencyCount). */
  latencyMessages: number;
  rss: boolean;
  rssClients: number;
  rssBytes: number;
  /** Also run the memory test through Haraka plain, for reference. */
  rssHaraka: boolean;
  /** A final pass with node --cpu-prof on the gateway; the summary goes into the report. */
  profile: boolean;
  /** LACHAN_WORKERS for the gateway; undefined = the gateway's default. */
  workers?: number;
  /** Keep the temp dir (messages, data dirs, Haraka instances) for inspection. */
  keep: boolean;
  /** Where the Markdown report is written (stdout always). */
  out?: string;
  /** Stop measuring (and report what was measured) after this long. */
  budgetSeconds: number;
  /**
   * Uncounted 10 KB messages (at c=20, per process running the mail path) sent to a path right
   * before each of its measured runs. On this kind of machine a process left idle for a couple of
   * minutes runs ~40% slower for its next few thousand messages (its memory is reclaimed while it
   * sits idle), and interleaved rounds leave every path idle while the others are measured.
   */
  rewarm: number;
}

export const USAGE = `npm run bench [-- options]        (from gateway/: npx vite-node bench/run.ts [options])

  --quick                 ≤ 2 minutes: 2 rounds, 10 KB only, c = 1 and 20, fewer messages
  --rounds N              interleaved rounds (default 3; quick 2)
  --sizes 10,100          message sizes in KB (default 10,100; quick 10)
  --concurrency 1,10,20,50   smtp-source sessions (default 1,10,20,50; quick 1,20)
  --only a,b              paths: ${CONFIGS.join(', ')} (default: all)
  --latency-messages N    messages per path for added latency at c=1 (default 300; quick 100)
  --no-rss                skip the 20 × 25 MB memory test
  --rss-clients N         clients in the memory test (default 20)
  --rss-haraka            also run the memory test through Haraka plain
  --profile               finish with a CPU profile of the gateway under load (node --cpu-prof)
  --workers N             LACHAN_WORKERS for the gateway (default: the gateway's own default)
  --budget SECONDS        stop measuring after this long and report (default 1500; quick 150)
  --rewarm N              uncounted messages before each measured run, per gateway process (default 2000; quick 0)
  --out FILE              report file (default gateway/bench/last-results.md)
  --keep                  keep the temp dir
  --help
`;

function numbers(v: string | undefined, name: string, def: number[]): number[] {
  if (v === undefined) return def;
  const xs = v.split(',').map((s) => Number(s.trim()));
  if (!xs.length || xs.some((x) => !Number.isFinite(x) || x <= 0)) throw new Error(`--${name}: expected positive numbers separated by commas, got ${v}`);
  return xs;
}

function integer(v: string | undefined, name: string, def: number, min = 1): number {
  if (v === undefined) return def;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new Error(`--${name}: expected a whole number ≥ ${min}, got ${v}`);
  return n;
}

const VALUE_FLAGS = ['rounds', 'sizes', 'concurrency', 'only', 'latency-messages', 'rss-clients', 'workers', 'budget', 'out', 'rewarm'];
const BOOLEAN_FLAGS = ['quick', 'rss-haraka', 'profile', 'keep'];

/**
 * Flags that reached npm instead of the bench. The root script is
 * "npm run build && npm run bench -w gateway", so `npm run bench -- --quick` at the root hands
 * --quick to the inner npm, which exports it as npm_config_quick=true. Those are read back here;
 * flags on the command line win.
 */
export function flagsFromNpmConfig(env: Record<string, string | undefined>): string[] {
  const out: string[] = [];
  const get = (flag: string) => env[`npm_config_${flag.replace(/-/g, '_')}`];
  for (const flag of BOOLEAN_FLAGS) if (get(flag) === 'true') out.push(`--${flag}`);
  for (const flag of VALUE_FLAGS) {
    const v = get(flag);
    if (v !== undefined && v !== '' && v !== 'true') out.push(`--${flag}`, v);
  }
  // npm turns --no-rss into rss=false (or an empty value).
  if (get('rss') === 'false' || get('rss') === '') out.push('--no-rss');
  return out;
}

/** Command-line flags plus the ones npm kept (see flagsFromNpmConfig); the command line wins. */
export function benchArgv(argv: string[], env: Record<string, string | undefined>): string[] {
  const given = new Set(argv.filter((a) => a.startsWith('--')).map((a) => a.replace(/=.*$/, '')));
  const fromNpm = flagsFromNpmConfig(env);
  const kept: string[] = [];
  for (let i = 0; i < fromNpm.length; i++) {
    const flag = fromNpm[i]!;
    const takesValue = VALUE_FLAGS.includes(flag.slice(2));
    if (!given.has(flag)) kept.push(flag, ...(takesValue ? [fromNpm[i + 1]!] : []));
    if (takesValue) i++;
  }
  return [...kept, ...argv];
}

/** Returns the options, or 'help'. Throws with a message naming the flag on a bad value. */
export function parseOptions(argv: string[]): BenchOptions | 'help' {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      quick: { type: 'boolean', default: false },
      rounds: { type: 'string' },
      sizes: { type: 'string' },
      concurrency: { type: 'string' },
      only: { type: 'string' },
      'latency-messages': { type: 'string' },
      'no-rss': { type: 'boolean', default: false },
      'rss-clients': { type: 'string' },
      'rss-haraka': { type: 'boolean', default: false },
      profile: { type: 'boolean', default: false },
      workers: { type: 'string' },
      budget: { type: 'string' },
      rewarm: { type: 'string' },
      out: { type: 'string' },
      keep: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return 'help';
  const quick = values.quick ?? false;
  let configs: ConfigName[] = [...CONFIGS];
  if (values.only !== undefined) {
    const wanted = values.only.split(',').map((s) => s.trim());
    const unknown = wanted.filter((w) => !(CONFIGS as readonly string[]).includes(w));
    if (unknown.length) throw new Error(`--only: unknown path ${unknown.join(', ')}; known: ${CONFIGS.join(', ')}`);
    configs = CONFIGS.filter((c) => wanted.includes(c));
  }
  return {
    quick,
    rounds: integer(values.rounds, 'rounds', quick ? 2 : 3),
    sizes: numbers(values.sizes, 'sizes', quick ? [10] : [10, 100]).map((kb) => Math.round(kb * 1024)),
    concurrency: numbers(values.concurrency, 'concurrency', quick ? [1, 20] : [1, 10, 20, 50]).map(Math.round),
    configs,
    latencyMessages: integer(values['latency-messages'], 'latency-messages', quick ? 100 : 300),
    rss: !values['no-rss'],
    rssClients: integer(values['rss-clients'], 'rss-clients', 20),
    rssBytes: 25_000_000,
    rssHaraka: values['rss-haraka'] ?? false,
    profile: values.profile ?? false,
    workers: values.workers === undefined ? undefined : integer(values.workers, 'workers', 1),
    keep: values.keep ?? false,
    out: values.out,
    budgetSeconds: integer(values.budget, 'budget', quick ? 150 : 1500),
    rewarm: integer(values.rewarm, 'rewarm', quick ? 0 : 2000, 0),
  };
}

/**
 * Messages per smtp-source run: enough for a stable rate, few enough that a round stays short.
 * The sink is so fast that it gets 4× as many (otherwise its run is over in a few ms).
 */
export function messagesPerRun(config: ConfigName, concurrency: number, quick: boolean): number {
  const base = concurrency === 1 ? (quick ? 40 : 100) : Math.min(quick ? 300 : 1000, concurrency * (quick ? 10 : 30));
  return config === 'sink' ? base * 4 : base;
}

/** Messages per path in the latency test: Haraka (~50 ms each) and the 100 ms variant get fewer. */
export function latencyCount(config: ConfigName, requested: number): number {
  if (config === 'lachan-w2') return Math.min(requested, 100);
  if (config === 'lachan-et100') return Math.min(requested, 60);
  if (config === 'haraka' || config === 'haraka-clamd') return Math.min(requested, 150);
  return requested;
}
