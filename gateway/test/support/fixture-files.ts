import { readdirSync, statSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { FIXTURES } from './gateway.js';

/** One .eml fixture: committed under test-fixtures/, or built by test-fixtures/malformed/generate.mjs. */
export interface FixtureFile {
  /** 'mail', 'malformed', 'attachments', or 'generated' (the big malformed ones) */
  group: string;
  /** file name without .eml */
  name: string;
  /** where the file is; generated ones get theirs from writeGenerated() */
  file: string;
  /** generated ones only: their bytes, until written */
  bytes?: Buffer;
}

export const FIXTURE_GROUPS = ['mail', 'malformed', 'attachments'] as const;

/** Every .eml file below dir, sub-folders included, in name order (each folder's files and folders together). */
export function emlFilesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out.push(...emlFilesUnder(full));
    else if (name.endsWith('.eml')) out.push(full);
  }
  return out;
}

/** Every committed .eml under test-fixtures/<group>/, sorted by name. */
export function committedFixtures(): FixtureFile[] {
  return FIXTURE_GROUPS.flatMap((group) =>
    readdirSync(path.join(FIXTURES, group))
      .filter((f) => f.endsWith('.eml'))
      .sort()
      .map((f) => ({ group, name: f.replace(/\.eml$/, ''), file: path.join(FIXTURES, group, f) })),
  );
}

/** The malformed messages too big to commit, from the generator the parser's tests use. */
export async function generatedFixtures(): Promise<FixtureFile[]> {
  const generator = (await import(pathToFileURL(path.join(FIXTURES, 'malformed', 'generate.mjs')).href)) as {
    generatedFixtures(): Array<{ name: string; bytes: Buffer }>;
  };
  return generator.generatedFixtures().map(({ name, bytes }) => ({ group: 'generated', name, file: '', bytes }));
}

/** Writes the generated fixtures into dir (so that `lachan scan` can read them as files). */
export async function writeGenerated(list: FixtureFile[], dir: string): Promise<void> {
  for (const f of list) {
    if (!f.bytes) continue;
    f.file = path.join(dir, `${f.name}.eml`);
    await writeFile(f.file, f.bytes);
  }
}
