import { createHmac, randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * The deployment's secret: LACHAN_SECRET when set (several gateway instances must share it), else
 * `<dataDir>/secret`, created with 32 random bytes (mode 0600) on first start.
 */
export async function loadSecret(dataDir: string, fromEnv = process.env.LACHAN_SECRET): Promise<Buffer> {
  if (fromEnv && fromEnv.trim()) return Buffer.from(fromEnv.trim(), 'utf8');
  const file = path.join(dataDir, 'secret');
  try {
    return Buffer.from((await readFile(file, 'utf8')).trim(), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  await mkdir(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('hex');
  try {
    await writeFile(file, secret + '\n', { mode: 0o600, flag: 'wx' });
    return Buffer.from(secret, 'utf8');
  } catch (err) {
    // another process created it first: use theirs
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return Buffer.from((await readFile(file, 'utf8')).trim(), 'utf8');
    throw err;
  }
}

/** A key for one purpose, derived from the secret (so the secret itself never appears in mail). */
export function deriveKey(secret: Buffer, purpose: string, length = 16): string {
  return createHmac('sha256', secret).update(purpose).digest('base64url').slice(0, length);
}
