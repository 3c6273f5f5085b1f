import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './index.js';
import { CONFIG_ENV_VARS, GATEWAY_ENV_VARS, OTHER_ENV_VARS, isGatewayEnvVar } from './variables.js';

const SRC = fileURLToPath(new URL('..', import.meta.url));

/** Every .ts file under src/, tests excluded. */
function sourceFiles(dir = SRC): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [p] : [];
  });
}

/** The LACHAN_* names a piece of source mentions (test-only switches such as LACHAN_TEST_* aside). */
function namesIn(text: string): string[] {
  return [...text.matchAll(/\bLACHAN_[A-Z0-9_]+\b/g)].map((m) => m[0]).filter((n) => !n.startsWith('LACHAN_TEST_'));
}

describe('the list of environment variables the gateway reads', () => {
  it('names exactly the variables loadConfig reads', () => {
    const read = new Set<string>();
    const env = new Proxy({} as Record<string, string | undefined>, {
      get(_target, key) {
        if (typeof key === 'string') read.add(key);
        return undefined;
      },
    });
    loadConfig(env);
    expect([...read].sort()).toEqual([...CONFIG_ENV_VARS].sort());
  });

  it('covers every LACHAN_* name in the source, so nothing the gateway reads is missing', () => {
    const unknown = new Map<string, string>();
    for (const file of sourceFiles()) {
      for (const name of namesIn(readFileSync(file, 'utf8'))) {
        if (!isGatewayEnvVar(name)) unknown.set(name, path.relative(SRC, file));
      }
    }
    expect(Object.fromEntries(unknown), 'add these to src/config/variables.ts').toEqual({});
  });

  it('lists no variable that nothing reads', () => {
    const mentioned = new Set(sourceFiles().filter((f) => !f.endsWith('variables.ts')).flatMap((f) => namesIn(readFileSync(f, 'utf8'))));
    expect(OTHER_ENV_VARS.filter((n) => !mentioned.has(n))).toEqual([]);
  });

  it('answers by exact name', () => {
    expect(isGatewayEnvVar('LACHAN_CLAMD')).toBe(true);
    expect(isGatewayEnvVar('LACHAN_SECRET')).toBe(true);
    expect(isGatewayEnvVar('LACHAN_CLAMAV')).toBe(false);
    expect(isGatewayEnvVar('lachan_clamd')).toBe(false);
    expect(new Set(GATEWAY_ENV_VARS).size).toBe(GATEWAY_ENV_VARS.length);
  });
});
