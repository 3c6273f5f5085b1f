/**
 * V8 flags the gateway runs with: `npm start`, the `lachan` command (its shebang) and the bench
 * all start it with these, and cluster workers inherit them.
 *
 * --max-semi-space-size=8 (MiB; Node's default grows to 16): V8's young generation is two semi-spaces
 * that are both touched, so the default holds 32 MiB of RSS that the gateway's short-lived garbage
 * does not need. Measured with `npm run bench` (20 × 25 MB at once, RSS of the process): idle 125 →
 * 111 MiB, peak 209–238 → 193–204 MiB; throughput at c=20 within the run-to-run noise (about 2%).
 */
export const GATEWAY_NODE_FLAGS = ['--max-semi-space-size=8'] as const;
