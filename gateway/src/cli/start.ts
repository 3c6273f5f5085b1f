import cluster, { type Worker } from 'node:cluster';
import type { GatewayConfig } from '../config/types.js';
import { LachanError } from '../errors.js';
import { createLogger, type Logger } from '../log.js';
import type { DependencyStatus } from '../app.js';

/** What a worker tells the primary once it listens (or why it could not). */
type WorkerMessage =
  | { type: 'ready'; host: string; port: number; localDomains: string[]; dependencies: DependencyStatus[] }
  | { type: 'failed'; code?: string; message: string };

const out = (s: string) => process.stdout.write(s + '\n');

function printReady(config: GatewayConfig, m: Extract<WorkerMessage, { type: 'ready' }>, workers: number): void {
  out(`Lá Chắn: SMTP listening on ${m.host}:${m.port}${workers > 1 ? ` (${workers} worker processes)` : ''}`);
  out(`  local domains: ${m.localDomains.join(', ') || '(none: every recipient is refused — set local_domains or LACHAN_LOCAL_DOMAINS)'}`);
  out(`  policy: ${config.policyDir}`);
  for (const dep of m.dependencies) {
    if (!dep.ok && dep.optional) out(`  ${dep.name}: off: ${dep.hint}`);
    else out(dep.ok ? `  ${dep.name}: ${dep.address} (ok)` : `  ${dep.name}: ${dep.address} UNAVAILABLE: ${dep.hint}`);
  }
}

/**
 * `lachan start`: the gateway in the foreground. Prints where it listens and what it uses, one line
 * each, and names any dependency that is down with how to start it. Logs (pino JSON) go to stderr.
 * With LACHAN_WORKERS > 1 a primary process forks that many gateway processes sharing the SMTP port
 * (node:cluster), restarts one that dies, and stops them all on SIGTERM/SIGINT.
 */
export async function runStart(config: GatewayConfig): Promise<number> {
  const log = createLogger(config.logLevel);
  if (config.workers > 1 && cluster.isPrimary) return runPrimary(config, log);
  // Loaded here, not at the top: a cluster primary only forks and watches, and without the mail
  // path's modules (parsers, scanners, lists, SQLite) it stays at about a third of a worker's memory.
  const { startGateway } = await import('../app.js');
  const gw = await startGateway(config, log.child(cluster.isWorker ? { worker: cluster.worker?.id } : {})).catch((err: unknown) => {
    if (cluster.isWorker) {
      process.send?.({ type: 'failed', code: (err as LachanError).code, message: (err as Error).message } satisfies WorkerMessage);
    }
    throw err;
  });
  const ready: WorkerMessage = {
    type: 'ready',
    host: gw.smtpHost,
    port: gw.smtpPort,
    localDomains: gw.policy().localDomains,
    dependencies: gw.dependencies,
  };
  if (cluster.isWorker) process.send?.(ready);
  else printReady(config, ready, 1);
  const stop = (signal: string) => {
    log.info({ evt: 'gateway.stopping', signal }, 'stopping');
    gw.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
  // SIGHUP: load the policy again (after editing policies/ and `lachan policy check`).
  process.on('SIGHUP', () => {
    gw.reloadPolicy().then(
      () => undefined,
      (err: unknown) => log.error({ evt: 'policy.reload_failed', code: (err as LachanError).code, err: (err as Error).message }, 'policy not reloaded; the previous one stays in force'),
    );
  });
  return -1;
}

function runPrimary(config: GatewayConfig, log: Logger): Promise<number> {
  return new Promise<number>((resolve) => {
    let stopping = false;
    let printed = false;
    const restarts: number[] = [];

    const fork = (): Worker => {
      const worker = cluster.fork();
      worker.on('message', (m: WorkerMessage) => {
        if (m.type === 'ready' && !printed) {
          printed = true;
          printReady(config, m, config.workers);
        } else if (m.type === 'failed' && !printed) {
          process.stderr.write(`lachan: ${m.code ?? 'error'}: ${m.message}\n`);
          shutdown(1);
        }
      });
      return worker;
    };

    const shutdown = (code: number) => {
      if (stopping) return;
      stopping = true;
      const alive = Object.values(cluster.workers ?? {}).filter((w): w is Worker => Boolean(w) && !w!.isDead());
      if (!alive.length) return resolve(code);
      let left = alive.length;
      for (const w of alive) {
        w.once('exit', () => {
          if (--left === 0) {
            process.exitCode = code;
            resolve(code);
          }
        });
        w.process.kill('SIGTERM');
      }
    };

    cluster.on('exit', (worker, exitCode, signal) => {
      if (stopping) return;
      log.warn({ evt: 'gateway.worker_exit', worker: worker.id, exitCode, signal }, 'worker process ended');
      const now = Date.now();
      restarts.push(now);
      while (restarts.length && restarts[0]! < now - 60_000) restarts.shift();
      if (!printed || restarts.length > 5) {
        process.stderr.write('lachan: gateway worker processes keep failing; stopping\n');
        shutdown(1);
        return;
      }
      fork();
    });

    // Workers accept connections themselves on the shared socket (SCHED_NONE), instead of the
    // primary accepting each one and passing it over IPC (Node's default on Linux, SCHED_RR). With
    // one message per connection that hand-over costs: measured 406–410 msg/s and 4.09 CPU-s per
    // 1,000 messages without it, 329–368 and 4.43–4.53 with it (npm run bench, lachan-w2). A busy
    // worker does not accept, so the idle one takes the next connection. NODE_CLUSTER_SCHED_POLICY
    // (rr | none) still overrides.
    if (!process.env.NODE_CLUSTER_SCHED_POLICY) cluster.schedulingPolicy = cluster.SCHED_NONE;
    for (let i = 0; i < config.workers; i++) fork();
    process.on('SIGHUP', () => {
      for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGHUP');
    });
    process.once('SIGTERM', () => shutdown(0));
    process.once('SIGINT', () => shutdown(0));
  });
}
