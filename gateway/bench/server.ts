import type { ChildProcess } from 'node:child_process';

/** A process the bench started and measures: an SMTP server on 127.0.0.1:port. */
export interface Server {
  name: string;
  port: number;
  /** The process to measure (with its descendants). */
  pid: number;
  /** What the process wrote to stderr (bounded), for error messages. */
  stderr(): string;
  stop(): Promise<void>;
}

/** Every child the bench spawned, so an interrupted run still leaves nothing behind. */
const children = new Set<ChildProcess>();

export function track(child: ChildProcess): ChildProcess {
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

/** Last resort at exit: SIGKILL whatever the bench started and is still running. */
export function killTracked(): void {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
  children.clear();
}

/** SIGTERM, then SIGKILL after graceMs; resolves once the child has exited. */
export async function stopChild(child: ChildProcess, graceMs = 5000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await gone;
  clearTimeout(timer);
}

/** Keeps the last `max` characters written to a stream. */
export function tailCollector(max = 16_384): { add(d: Buffer | string): void; text(): string } {
  let text = '';
  return {
    add(d) {
      text += d.toString();
      if (text.length > max * 2) text = text.slice(-max);
    },
    text: () => (text.length > max ? text.slice(-max) : text),
  };
}
