import type { TestProject } from 'vitest/node';
import { startTestClamd, type RunningClamd } from './support/clamd.js';

/**
 * Starts what the whole suite shares: a clamd on our own signature database (installed from
 * Debian when missing). Redis and PostgreSQL are expected to be running already.
 * Tests read its address from the LACHAN_TEST_CLAMD environment variable (provided to workers).
 */
let clamd: RunningClamd | undefined;

export async function setup(project: TestProject): Promise<void> {
  clamd = await startTestClamd();
  process.env.LACHAN_TEST_CLAMD = clamd.url;
  project.provide('clamdUrl', clamd.url);
}

export async function teardown(): Promise<void> {
  await clamd?.stop();
}

declare module 'vitest' {
  export interface ProvidedContext {
    clamdUrl: string;
  }
}
