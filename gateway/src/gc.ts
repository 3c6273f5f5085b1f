import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * A full garbage collection, for a place that just dropped many megabytes of buffers (a message's
 * decoded pictures in the QR worker). V8 collects memory held outside its heap only once tens of MB
 * of it have piled up, and under load several such piles at once set the gateway's peak memory.
 * (Tried after each big PDF and each large message on the main thread too: no measurable gain for
 * tens of milliseconds of pause each, so not used there.) `--expose-gc` is switched on from here
 * (`gc` then exists in a new context), so no command-line flag is needed. A no-op where that fails.
 */
export const collectGarbage: () => void = (() => {
  try {
    v8.setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as unknown;
    if (typeof gc === 'function') return gc as () => void;
  } catch {
    // fall through: no collector to call
  }
  return () => undefined;
})();
