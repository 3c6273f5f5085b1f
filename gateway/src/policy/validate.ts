import { Value, ValueErrorType, type ValueError } from '@sinclair/typebox/value';
import { FINDING_KINDS, type FindingKind, type ScannerName } from '../scan/types.js';
import { didYouMean, suggest, type PolicyIssue } from './issues.js';
import { toAsciiHostname, toLocalDomain } from './lists.js';
import { AUTH_LIST_TYPES } from '../scan/auth/lists.js';
import { PolicyFileSchema, knownKeys } from './schema.js';
import type { LocatedDocument, PathSegment } from './yaml-locate.js';
import { RULE_ACTIONS, type FindingCondition, type ListType, type PhraseMatchMode, type PolicySettings, type Rule, type RuleAction, type RuleMode } from './types.js';

/**
 * Checks the data of policy.yaml (already parsed from YAML) and turns it into the parts of a
 * Policy. Every problem becomes an issue with the line it was written on; nothing throws.
 */

export const SCANNER_NAMES = ['parse', 'urls', 'attachments', 'content', 'auth', 'sender'] as const satisfies readonly ScannerName[];

/** Kinds whose findings name the policy list they came from (finding.list). */
export const KINDS_WITH_LIST: readonly FindingKind[] = [
  'url.listed',
  'attachment.listed',
  'content.phrase',
  // sender authentication: the trusted sealer or forwarder list that made the finding
  'auth.dmarc-arc-override',
  'auth.arc',
  'auth.trusted-forwarder',
];

const RULE_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const CATEGORY = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
const LIST_NAME = /^[a-z][a-z0-9_]*$/;
const RESERVED_PREFIX = 'builtin-';

export interface ListDeclaration {
  name: string;
  type: ListType;
  file: string;
  /** Line of `file:` in policy.yaml, for "file not found". */
  line: number;
  /** Phrase lists: 'exact' keeps diacritics; absent means folded. */
  match?: PhraseMatchMode;
}

export interface ValidatedPolicy {
  issues: PolicyIssue[];
  localDomains: string[];
  settings: PolicySettings;
  lists: ListDeclaration[];
  rules: Rule[];
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const asNames = (v: unknown): string[] =>
  typeof v === 'string' ? [v] : Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];

export function validatePolicyData(data: unknown, located: LocatedDocument, file: string): ValidatedPolicy {
  const issues: PolicyIssue[] = [];
  const root: Obj = isObj(data) ? data : {};
  const rulesRaw = Array.isArray(root.rules) ? root.rules : [];
  const ruleLabel = (i: number): string => {
    const id = isObj(rulesRaw[i]) ? (rulesRaw[i] as Obj).id : undefined;
    return typeof id === 'string' && id !== '' ? id : `#${i + 1}`;
  };
  const report = (
    path: readonly PathSegment[],
    message: string,
    opts: { at?: 'key' | 'value'; severity?: 'error' | 'warning' } = {},
  ): void => {
    const issue: PolicyIssue = {
      file,
      line: located.lineOf(path, opts.at),
      message,
      severity: opts.severity ?? 'error',
    };
    if (path[0] === 'rules' && typeof path[1] === 'number') issue.rule = ruleLabel(path[1]);
    issues.push(issue);
  };

  if (!isObj(data)) {
    report([], 'the policy must be a mapping with version, local_domains, settings, lists and rules');
    return { issues, localDomains: [], settings: defaultSettings(), lists: [], rules: [] };
  }

  schemaIssues(data, report);

  // local_domains
  const localDomains: string[] = [];
  asArray(root.local_domains).forEach((d, i) => {
    if (typeof d !== 'string') return;
    const ascii = toLocalDomain(d);
    if (ascii === undefined) report(['local_domains', i], `'${d}' is not a valid domain name`);
    else if (!localDomains.includes(ascii)) localDomains.push(ascii);
  });

  // lists
  const lists: ListDeclaration[] = [];
  const listTypes = new Map<string, ListType>();
  if (isObj(root.lists)) {
    for (const [name, decl] of Object.entries(root.lists)) {
      if (!LIST_NAME.test(name)) {
        report(['lists', name], `list name '${name}' must be lower-case letters, digits and _ (e.g. blocked_domains)`, { at: 'key' });
        continue;
      }
      if (!isObj(decl) || typeof decl.type !== 'string' || typeof decl.file !== 'string') continue;
      listTypes.set(name, decl.type as ListType);
      const declared: ListDeclaration = { name, type: decl.type as ListType, file: decl.file, line: located.lineOf(['lists', name, 'file']) };
      if (decl.match !== undefined) {
        if (decl.type !== 'phrase') {
          report(['lists', name, 'match'], `list '${name}': match applies only to phrase lists (this one is of type ${decl.type})`);
        } else if (decl.match === 'exact' || decl.match === 'folded') {
          declared.match = decl.match;
        }
      }
      lists.push(declared);
    }
  }
  // lists a scanner reads by name: of another type they would silently match nothing
  for (const [name, want] of Object.entries(AUTH_LIST_TYPES)) {
    const type = listTypes.get(name);
    if (type !== undefined && type !== want) report(['lists', name, 'type'], `list '${name}' is read by the auth scanner and must be of type ${want}, not ${type}`);
  }
  const listRef = (path: PathSegment[], name: string, want?: ListType): boolean => {
    const type = listTypes.get(name);
    if (type === undefined) {
      report(path, `unknown list '${name}'${didYouMean(name, listTypes.keys())}: declare it under lists:`);
      return false;
    }
    if (want !== undefined && type !== want) {
      report(path, `list '${name}' is of type ${type}, expected a ${want} list`);
      return false;
    }
    return true;
  };

  // settings
  const settings = defaultSettings();
  const rawSettings: Obj = isObj(root.settings) ? root.settings : {};
  const settingLists = [
    ['protected_list', 'protectedList'],
    ['shortener_list', 'shortenerList'],
    ['allowed_list', 'allowedList'],
  ] as const;
  for (const [key, field] of settingLists) {
    const name = rawSettings[key];
    if (typeof name === 'string' && name !== '' && listRef(['settings', key], name, 'domain')) settings[field] = name;
  }
  if (rawSettings.clamd_scope === 'all' || rawSettings.clamd_scope === 'code-carrying') settings.clamdScope = rawSettings.clamd_scope;
  if (typeof rawSettings.external_tag === 'string') settings.externalTag = rawSettings.external_tag.normalize('NFC').trim();
  const langs = asArray(rawSettings.banner_languages).filter((l): l is string => l === 'vi' || l === 'en');
  if (langs.length > 0) settings.bannerLanguages = [...new Set(langs)];

  // rules
  const rules: Rule[] = [];
  const firstLineOfId = new Map<string, number>();
  rulesRaw.forEach((raw, i) => {
    if (!isObj(raw)) {
      if (raw !== undefined) report(['rules', i], 'a rule must be a mapping with id, description, match, action and category');
      return;
    }
    const line = located.lineOf(['rules', i]);
    let ok = true;
    const id = raw.id;
    if (typeof id === 'string' && id !== '') {
      if (!RULE_ID.test(id)) {
        report(['rules', i, 'id'], `rule id '${id}' must be kebab-case: lower-case letters and digits joined by '-'`);
        ok = false;
      } else if (id.startsWith(RESERVED_PREFIX)) {
        report(['rules', i, 'id'], `rule ids starting with '${RESERVED_PREFIX}' are reserved for the engine`);
        ok = false;
      }
      const first = firstLineOfId.get(id);
      if (first !== undefined) {
        report(['rules', i, 'id'], `duplicate rule id '${id}' (first defined at line ${first})`);
        ok = false;
      } else firstLineOfId.set(id, line);
    } else ok = false;
    const category = raw.category;
    if (typeof category === 'string' && category !== '' && !CATEGORY.test(category)) {
      report(['rules', i, 'category'], `category '${category}' must be kebab-case, e.g. phishing or malware`);
      ok = false;
    }
    const match = compileMatch(raw.match, ['rules', i, 'match'], report, listRef);
    if (match === undefined) ok = false;
    const action = raw.action;
    const mode = raw.mode ?? 'enforce';
    const validAction = typeof action === 'string' && RULE_ACTIONS_SET.has(action);
    if (!ok || !validAction || (mode !== 'enforce' && mode !== 'monitor') || typeof raw.description !== 'string' || typeof category !== 'string' || match === undefined) {
      return;
    }
    const rule: Rule = {
      id: id as string,
      description: raw.description.trim(),
      match,
      action: action as RuleAction,
      category,
      mode: mode as RuleMode,
      source: { file, line },
    };
    if (rule.mode === 'enforce' && (rule.action === 'deliver' || rule.action === 'tag') && matchesKind(rule, 'scanner.error')) {
      report(['rules', i, 'action'], `scanner.error always fails closed: the engine quarantines it whatever this rule says`, { severity: 'warning' });
    }
    rules.push(rule);
  });

  if (Array.isArray(root.rules) && !issues.some((x) => x.severity === 'error')) {
    if (rulesRaw.length === 0) report(['rules'], 'no rules: every message would be delivered', { severity: 'warning' });
    else if (!rules.some((r) => r.mode === 'enforce' && (r.action === 'reject' || r.action === 'quarantine') && matchesKind(r, 'attachment.virus'))) {
      report(['rules'], 'no enforced rule rejects or quarantines attachment.virus: malware would be delivered', { severity: 'warning' });
    }
  }
  if (localDomains.length === 0 && !issues.some((x) => x.severity === 'error')) {
    report(['local_domains'], 'no local_domains: set them here or in LACHAN_LOCAL_DOMAINS, or every sender counts as external', {
      severity: 'warning',
    });
  }
  return { issues, localDomains, settings, lists, rules };
}

const RULE_ACTIONS_SET: ReadonlySet<string> = new Set(RULE_ACTIONS);

function matchesKind(rule: Rule, kind: FindingKind): boolean {
  return rule.match.any.some((c) => c.kind.includes(kind));
}

function asArray(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

export function defaultSettings(): PolicySettings {
  return { clamdScope: 'code-carrying', bannerLanguages: ['vi', 'en'], externalTag: '' };
}

type Report = (path: readonly PathSegment[], message: string, opts?: { at?: 'key' | 'value'; severity?: 'error' | 'warning' }) => void;
type ListRef = (path: PathSegment[], name: string, want?: ListType) => boolean;

/** `match:` → RuleMatch; undefined (after reporting) when it cannot be compiled. */
function compileMatch(raw: unknown, path: PathSegment[], report: Report, listRef: ListRef): Rule['match'] | undefined {
  if (!isObj(raw)) return undefined; // the schema check already said what is wrong
  const shorthand = ['kind', 'list', 'tags', 'scanner'].filter((k) => k in raw);
  let conditions: { raw: Obj; path: PathSegment[] }[];
  if (raw.any !== undefined && shorthand.length > 0) {
    report([...path, shorthand[0]!], `use either 'any:' or the shorthand '${shorthand[0]}:' directly under match, not both`, { at: 'key' });
    return undefined;
  }
  if (raw.any !== undefined) {
    if (!Array.isArray(raw.any)) return undefined;
    conditions = raw.any.map((c, j) => ({ raw: isObj(c) ? c : {}, path: [...path, 'any', j] }));
  } else if (shorthand.length > 0) {
    conditions = [{ raw, path }];
  } else {
    report(path, "match needs 'kind:' (one condition) or 'any:' (a list of conditions)");
    return undefined;
  }
  const any: FindingCondition[] = [];
  let ok = conditions.length > 0;
  for (const { raw: c, path: cPath } of conditions) {
    const kinds = expandKinds(c.kind, [...cPath, 'kind'], report);
    if (kinds === undefined) ok = false; // go on: report unknown lists and scanners too
    const condition: FindingCondition = { kind: kinds ?? [] };
    if (c.list !== undefined) {
      const names = asNames(c.list);
      names.forEach((name, k) => {
        if (!listRef(typeof c.list === 'string' ? [...cPath, 'list'] : [...cPath, 'list', k], name)) ok = false;
      });
      condition.list = names;
      if (kinds !== undefined && !kinds.some((k) => KINDS_WITH_LIST.includes(k))) {
        report([...cPath, 'list'], `none of these kinds names a list (only ${KINDS_WITH_LIST.join(', ')} do): this condition never matches`, {
          severity: 'warning',
          at: 'key',
        });
      }
    }
    if (c.tags !== undefined) condition.tags = asNames(c.tags);
    if (c.scanner !== undefined) {
      const names = asNames(c.scanner);
      names.forEach((name, k) => {
        if (!(SCANNER_NAMES as readonly string[]).includes(name)) {
          report(typeof c.scanner === 'string' ? [...cPath, 'scanner'] : [...cPath, 'scanner', k], `unknown scanner '${name}'${didYouMean(name, SCANNER_NAMES)}: expected one of ${SCANNER_NAMES.join(', ')}`);
          ok = false;
        }
      });
      condition.scanner = names;
    }
    if (c.once === true) condition.once = true;
    any.push(condition);
  }
  const minCount = typeof raw.min_count === 'number' && Number.isInteger(raw.min_count) && raw.min_count >= 1 ? raw.min_count : 1;
  return ok ? { any, minCount } : undefined;
}

/** Finding kinds named by a condition; 'url.*' stands for every kind starting with 'url.'. */
function expandKinds(raw: unknown, path: PathSegment[], report: Report): FindingKind[] | undefined {
  const names = asNames(raw);
  if (names.length === 0) return undefined;
  const kinds: FindingKind[] = [];
  let ok = true;
  names.forEach((name, k) => {
    const where = typeof raw === 'string' ? path : [...path, k];
    if (name.endsWith('.*')) {
      const prefix = name.slice(0, -1);
      const expanded = FINDING_KINDS.filter((kind) => kind.startsWith(prefix));
      if (expanded.length === 0) {
        const families = [...new Set(FINDING_KINDS.map((kind) => `${kind.split('.')[0]}.*`))];
        const hint = didYouMean(name, families) || `: the families are ${families.join(', ')}`;
        report(where, `'${name}' matches no finding kind${hint}`);
        ok = false;
      }
      kinds.push(...expanded);
    } else if ((FINDING_KINDS as readonly string[]).includes(name)) {
      kinds.push(name as FindingKind);
    } else {
      const hint = name.includes('*') ? ": only a whole family can be a wildcard, e.g. 'url.*'" : didYouMean(name, FINDING_KINDS);
      report(where, `unknown finding kind '${name}'${hint}`);
      ok = false;
    }
  });
  return ok ? [...new Set(kinds)] : undefined;
}

/** Type errors, missing and unknown keys, as TypeBox finds them; one issue per path. */
function schemaIssues(data: unknown, report: Report): void {
  const errors = [...Value.Errors(PolicyFileSchema, data)].map((error) => ({ error, path: pointerToPath(error.path) }));
  // A typo such as `acton:` is one mistake: report the unknown key, not also the missing `action:`.
  const explained = new Set<string>();
  for (const { error, path } of errors) {
    if (error.type !== ValueErrorType.ObjectAdditionalProperties) continue;
    const fix = suggest(String(path[path.length - 1]), knownKeys(error.schema));
    if (fix !== undefined) explained.add([...path.slice(0, -1), fix].join('/'));
  }
  const seen = new Set<string>();
  for (const { error, path } of errors) {
    const key = path.join('/');
    if ([...seen].some((p) => key === p || key.startsWith(`${p}/`))) continue;
    seen.add(key);
    if (error.type === ValueErrorType.ObjectRequiredProperty && explained.has(key)) continue;
    const { message, at, parent } = describeError(error, path);
    report(parent ? path.slice(0, -1) : path, message, { at });
  }
}

function describeError(error: ValueError, path: PathSegment[]): { message: string; at?: 'key'; parent?: boolean } {
  const last = String(path[path.length - 1] ?? '');
  const value = error.value;
  const shown = typeof value === 'string' ? `'${value}'` : JSON.stringify(value) ?? String(value);
  switch (error.type) {
    case ValueErrorType.ObjectAdditionalProperties:
      return { message: `unknown key '${last}'${didYouMean(last, knownKeys(error.schema))}`, at: 'key' };
    case ValueErrorType.ObjectRequiredProperty:
      return { message: `missing required key '${last}'`, parent: true };
    case ValueErrorType.Union: {
      const literals = (error.schema.anyOf as { const?: unknown }[] | undefined)?.map((s) => s.const).filter((c): c is string => typeof c === 'string');
      if (literals && literals.length > 0) {
        const hint = typeof value === 'string' ? didYouMean(value, literals) : '';
        return { message: `${shown} is not ${error.schema.description ?? 'allowed'}${hint}: expected one of ${literals.join(', ')}` };
      }
      return { message: `${last || 'value'} must be ${error.schema.description ?? 'of another type'}, got ${shown}` };
    }
    case ValueErrorType.Literal:
      return { message: last === 'version' ? `unsupported version ${shown}: this gateway reads version 1` : `expected ${JSON.stringify(error.schema.const)}, got ${shown}` };
    default:
      return { message: `${last || 'policy'}: ${error.message.charAt(0).toLowerCase()}${error.message.slice(1)}, got ${shown}` };
  }
}

function pointerToPath(pointer: string): PathSegment[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^(0|[1-9][0-9]*)$/.test(s) ? Number(s) : s));
}
