import { afterAll, beforeAll, inject } from 'vitest';
import { startTestGateway, type TestGateway } from './gateway.js';
import { startSink, type Sink } from './sink.js';

/** A test gateway and the sink it relays to, for the tests of one describe block. */
export interface GatewayWithSink {
  readonly sink: Sink;
  readonly gw: TestGateway;
}

/**
 * Starts a sink and a real gateway relaying to it, with the test clamd, before the tests of the
 * enclosing describe block, and stops both after them. `env` adds to (or replaces) the gateway's
 * environment. Read `sink` and `gw` inside tests and hooks: they exist once the block started.
 */
export function gatewayWithSink(env: Record<string, string> = {}): GatewayWithSink {
  let sink: Sink | undefined;
  let gw: TestGateway | undefined;
  beforeAll(async () => {
    sink = await startSink();
    gw = await startTestGateway({ LACHAN_DOWNSTREAM: sink.url, LACHAN_CLAMD: inject('clamdUrl'), ...env });
  });
  afterAll(async () => {
    await gw?.stop();
    await sink?.stop();
  });
  const started = <T>(what: T | undefined, name: string): T => {
    if (what === undefined) throw new Error(`gatewayWithSink: the ${name} is not started yet (read it inside a test or hook)`);
    return what;
  };
  return {
    get sink() {
      return started(sink, 'sink');
    },
    get gw() {
      return started(gw, 'gateway');
    },
  };
}
