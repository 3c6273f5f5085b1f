import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { LachanError } from '../errors.js';
import { formatIssue, hasErrors, sortIssues, type PolicyIssue } from './issues.js';
import { parseListText, toLocalDomain } from './lists.js';
import { TRUSTED_ARC_SEALERS_LIST } from '../scan/auth/lists.js';
import { normaliseSealerEntry } from '../scan/auth/sealers.js';
import { HARMFUL_LISTS, normaliseHarmfulEntry } from '../scan/content/harmful-lists.js';
import { validatePolicyData, type ListDeclaration } from './validate.js';
import { parseLocated } from './yaml-locate.js';
import type { Policy, PolicyList } from './types.js';

export const POLICY_FILE = 'policy.yaml';

export interface LoadPolicyOptions {
  /** More local domains, e.g. from LACHAN_LOCAL_DOMAINS; added to the policy's own. */
  extraLocalDomains?: string[];
}

export interface CompiledPolicy {
  /** Present only when there is no error (warnings allowed). */
  policy?: Policy;
  issues: PolicyIssue[];
}

/**
 * Loads and validates a policy directory (policy.yaml and the list files it names).
 * Throws LachanError('LC_POLICY_INVALID') listing every error as `file:line: rule <id>: message`.
 * The result is frozen: the engine caches compiled rules per policy, so a policy never changes.
 */
export async function loadPolicy(dir: string, opts: LoadPolicyOptions = {}): Promise<Policy> {
  const { policy, issues } = await compilePolicy(dir, opts);
  if (!policy) {
    const errors = issues.filter((i) => i.severity === 'error');
    const noun = errors.length === 1 ? 'error' : 'errors';
    throw new LachanError('LC_POLICY_INVALID', `${errors.length} ${noun}\n${errors.map(formatIssue).join('\n')}`);
  }
  return policy;
}

/** Every problem of a policy directory, errors first; an empty array means it loads clean. */
export async function checkPolicy(dir: string): Promise<PolicyIssue[]> {
  return (await compilePolicy(dir)).issues;
}

/** loadPolicy and checkPolicy in one: the policy when it is valid, and all issues either way. Never throws. */
export async function compilePolicy(dir: string, opts: LoadPolicyOptions = {}): Promise<CompiledPolicy> {
  const file = path.join(dir, POLICY_FILE);
  const issues: PolicyIssue[] = [];
  const done = (policy?: Policy): CompiledPolicy => {
    const sorted = sortIssues(issues);
    return hasErrors(sorted) || !policy ? { issues: sorted } : { policy, issues: sorted };
  };

  const text = await readText(file);
  if (typeof text !== 'string') {
    issues.push({ file, line: 0, message: text.error, severity: 'error' });
    return done();
  }
  const badLine = firstInvalidUtf8Line(text);
  if (badLine > 0) {
    issues.push({ file, line: badLine, message: 'not valid UTF-8 text', severity: 'error' });
    return done();
  }
  const located = parseLocated(text);
  issues.push(...located.problems.map((p) => ({ file, ...p })));
  if (hasErrors(issues)) return done();
  let data: unknown;
  try {
    data = located.doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    issues.push({ file, line: 1, message: `YAML: ${(err as Error).message.split('\n')[0]}`, severity: 'error' });
    return done();
  }
  if (data === null || data === undefined) {
    issues.push({ file, line: 1, message: 'the policy file is empty', severity: 'error' });
    return done();
  }

  const validated = validatePolicyData(data, located, file);
  issues.push(...validated.issues);

  const localDomains = [...validated.localDomains];
  for (const extra of opts.extraLocalDomains ?? []) {
    if (extra.trim() === '') continue;
    const ascii = toLocalDomain(extra);
    if (ascii === undefined) {
      issues.push({ file: 'LACHAN_LOCAL_DOMAINS', line: 0, message: `'${extra}' is not a valid domain name`, severity: 'error' });
    } else if (!localDomains.includes(ascii)) localDomains.push(ascii);
  }

  const lists = new Map<string, PolicyList>();
  for (const decl of validated.lists) {
    const list = await loadList(dir, decl, file, issues);
    if (list) lists.set(list.name, list);
  }

  if (hasErrors(issues)) return done();
  const policy: Policy = {
    dir: path.resolve(dir),
    version: String((data as { version?: unknown }).version),
    localDomains: Object.freeze(localDomains) as string[],
    lists,
    rules: Object.freeze(validated.rules.map((r) => deepFreeze(r))) as Rule[],
    settings: Object.freeze(validated.settings),
  };
  return done(Object.freeze(policy));
}

type Rule = Policy['rules'][number];

async function loadList(dir: string, decl: ListDeclaration, policyFile: string, issues: PolicyIssue[]): Promise<PolicyList | undefined> {
  const listFile = path.isAbsolute(decl.file) ? decl.file : path.join(dir, decl.file);
  const text = await readText(listFile);
  if (typeof text !== 'string') {
    issues.push({ file: policyFile, line: decl.line, message: `list ${decl.name}: ${text.error}`, severity: 'error' });
    return undefined;
  }
  // trusted_arc_sealers: each sealer domain with the hosts it must come from (scan/auth/sealers.ts)
  const sealers = decl.name === TRUSTED_ARC_SEALERS_LIST && decl.type === 'domain';
  // harmful_words, harmful_mild: two-letter abbreviations ("vl", "đm") are read in context (scan/content/harmful.ts)
  const harmful = HARMFUL_LISTS.has(decl.name) && decl.type === 'phrase';
  const parsed = parseListText(text, decl.type, sealers ? normaliseSealerEntry : harmful ? normaliseHarmfulEntry : undefined);
  for (const p of parsed.problems) issues.push({ file: listFile, line: p.line, message: p.message, severity: p.severity });
  const list: PolicyList = { name: decl.name, type: decl.type, file: listFile, entries: Object.freeze(parsed.entries) as string[] };
  if (decl.match !== undefined) list.match = decl.match;
  return list;
}

async function readText(file: string): Promise<string | { error: string }> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { error: `file ${file} not found` };
    if (code === 'EISDIR') return { error: `${file} is a directory, not a file` };
    return { error: `cannot read ${file}: ${code ?? (err as Error).message}` };
  }
}

function firstInvalidUtf8Line(text: string): number {
  const at = text.indexOf('\uFFFD');
  return at === -1 ? 0 : text.slice(0, at).split('\n').length;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
