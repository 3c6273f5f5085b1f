import { parseArgs, type ParseArgsConfig } from 'node:util';
import { errorText } from '../errors.js';

/** A command line the command cannot run with: said in one line, exit code 2. */
export class UsageError extends Error {}

/** node:util parseArgs with positionals allowed; its errors (unknown or malformed flags) become UsageErrors. */
export function readArgs<O extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: O) {
  try {
    return parseArgs({ args, allowPositionals: true, options, strict: true });
  } catch (err) {
    throw new UsageError(errorText(err));
  }
}

/** The flag's value when it is one of `allowed` (or not given). */
export function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], flag: string): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`${flag} phải là / must be ${allowed.join('|')}`);
  return value as T;
}

/** A positive whole number, or `fallback` when the flag is not given. */
export function positiveInt(value: string | undefined, fallback: number, flag: string): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${flag} phải là số nguyên dương / must be a positive integer`);
  return n;
}
