import type { TestProject } from 'vitest/node';

/**
 * Starts what the whole suite shares: a clamd on our own signature database (installed from
 * Debian when missing). Redis and PostgreSQL are expected to be running already.
 * Tests get its address with `inject('clamdUrl')` (also in LACHAN_TEST_CLAMD).
 * LACHAN_TEST_SKIP_CLAMD=1 skips it, for running unit tests of one folder quickly.
 */
let stop: (() => Promise<void>) | undefined;

export async function setup(project: TestProject): Promise<void> {
  if (process.env.LACHAN_TEST_SKIP_CLAMD !== '1') {
    // Everything the suite needs from Debian, in one apt-get run before any test file starts.
    const { ensureDebianPackages, TEST_PACKAGES } = await import('./support/debian.js');
    ensureDebianPackages(TEST_PACKAGES);
  }
  if (process.env.LACHAN_TEST_SKIP_CLAMD === '1') {
    project.provide('clamdUrl', '');
    return;
  }
  const { startTestClamd } = await import('./support/clamd.js');
  const clamd = await startTestClamd();
  stop = () => clamd.stop();
  process.env.LACHAN_TEST_CLAMD = clamd.url;
  project.provide('clamdUrl', clamd.url);
}

export async function teardown(): Promise<void> {
  await stop?.();
}

declare module 'vitest' {
  export interface ProvidedContext {
    clamdUrl: string;
  }
}
