import type { Finding, FindingKind } from '../scan/types.js';
import { RULE_ACTIONS, type FindingCondition, type Policy, type Rule, type RuleAction, type RuleHit, type Verdict } from './types.js';

/**
 * The decision engine: findings + policy → one Verdict. Pure and synchronous; rule matchers are
 * compiled once per policy (per rules array) and cached.
 *
 * - The action is the most severe of the matching enforce rules
 *   (deliver < tag < warn < strip < quarantine < reject). reject → 'reject', quarantine →
 *   'quarantine', anything milder → 'deliver' (warn and strip add a banner; tag only tags).
 * - Every reason is kept: hits are sorted most severe first, each with the findings that made it fire.
 * - Monitor rules are recorded in `monitored` and never change the verdict.
 * - A strip rule can only remove attachments: a finding it matched that is not about an
 *   attachment (a URL, a phrase) cannot be stripped, so that part of the hit escalates to
 *   quarantine rather than deliver the thing the rule meant to remove. So does a finding about a
 *   file act/ cannot remove alone (DecideOptions.unstrippable: a file inside a calendar invitation).
 * - Fail closed: a 'scanner.error' finding that no enforce rule handles with at least a warning is
 *   quarantined by the engine ('builtin-fail-closed'); a 'message.unscannable' finding that no
 *   enforce rule handles is quarantined too ('builtin-unscannable').
 */

/** Severity of each rule action: higher is more severe. */
export const RULE_SEVERITY: Readonly<Record<RuleAction, number>> = Object.freeze(
  Object.fromEntries(RULE_ACTIONS.map((a, i) => [a, i])) as Record<RuleAction, number>,
);

/** > 0 when a is more severe than b. */
export function compareActions(a: RuleAction, b: RuleAction): number {
  return RULE_SEVERITY[a] - RULE_SEVERITY[b];
}

export function mostSevere(actions: Iterable<RuleAction>): RuleAction {
  let worst: RuleAction = 'deliver';
  for (const a of actions) if (compareActions(a, worst) > 0) worst = a;
  return worst;
}

export const BUILTIN_FAIL_CLOSED = 'builtin-fail-closed';
export const BUILTIN_UNSCANNABLE = 'builtin-unscannable';

const STRIP_ESCALATION_NOTE =
  'không gỡ được vì không phải tệp đính kèm → cách ly / cannot strip: not an attachment → quarantine';
const CARRIED_ESCALATION_NOTE =
  'không gỡ riêng được tệp nằm trong lời mời lịch → cách ly / cannot strip a file carried inside a calendar invitation → quarantine';

/** What decide() is told about the message besides its findings. */
export interface DecideOptions {
  /**
   * Ids of attachments act/ cannot remove alone (files carried inside a calendar invitation,
   * Attachment.carriedBy; act/strip.ts unstrippableIds): a strip rule's findings about them are
   * quarantined, as its findings that are not about an attachment are, so the file is never delivered.
   */
  unstrippable?: ReadonlySet<string>;
}

interface CompiledCondition {
  kinds: ReadonlySet<FindingKind>;
  lists?: ReadonlySet<string>;
  tags?: ReadonlySet<string>;
  scanners?: ReadonlySet<string>;
  /** Its findings add at most one to the rule's count. */
  once?: boolean;
}

interface CompiledRule {
  rule: Rule;
  order: number;
  conditions: CompiledCondition[];
  minCount: number;
}

interface CompiledPolicy {
  /** Rules that may match a finding of this kind, in policy order. */
  byKind: Map<FindingKind, CompiledRule[]>;
}

const compiled = new WeakMap<readonly Rule[], CompiledPolicy>();

function compile(rules: readonly Rule[]): CompiledPolicy {
  let c = compiled.get(rules);
  if (c) return c;
  const byKind = new Map<FindingKind, CompiledRule[]>();
  rules.forEach((rule, order) => {
    const conditions = (rule.match?.any ?? []).map(compileCondition);
    const minCount = Math.max(1, Number.isInteger(rule.match?.minCount) ? rule.match.minCount : 1);
    const cr: CompiledRule = { rule, order, conditions, minCount };
    const kinds = new Set(conditions.flatMap((cond) => [...cond.kinds]));
    for (const kind of kinds) {
      const list = byKind.get(kind);
      if (list) list.push(cr);
      else byKind.set(kind, [cr]);
    }
  });
  c = { byKind };
  compiled.set(rules, c);
  return c;
}

function compileCondition(cond: FindingCondition): CompiledCondition {
  const set = (v: readonly string[] | undefined) => (v && v.length > 0 ? new Set(v) : undefined);
  const out: CompiledCondition = { kinds: new Set(cond.kind ?? []) };
  const lists = set(cond.list);
  const tags = set(cond.tags);
  const scanners = set(cond.scanner);
  if (lists) out.lists = lists;
  if (tags) out.tags = tags;
  if (scanners) out.scanners = scanners;
  if (cond.once) out.once = true;
  return out;
}

function conditionHolds(c: CompiledCondition, f: Finding): boolean {
  if (!c.kinds.has(f.kind)) return false;
  if (c.lists && (f.list === undefined || !c.lists.has(f.list))) return false;
  if (c.tags && !(f.tags ?? []).some((t) => c.tags!.has(t))) return false;
  if (c.scanners && !c.scanners.has(f.scanner)) return false;
  return true;
}

interface Ranked {
  hit: RuleHit;
  order: number;
}

/** The verdict with nothing in it: deliver, no warning, no rule matched. Others start from it. */
export function emptyVerdict(): Verdict {
  return { action: 'deliver', warning: false, strip: [], tagged: false, categories: [], hits: [], monitored: [] };
}

export function decide(findings: readonly Finding[], policy: Policy, opts: DecideOptions = {}): Verdict {
  const canStrip = (f: Finding) => f.attachment !== undefined && !opts.unstrippable?.has(f.attachment);
  const { byKind } = compile(policy.rules);
  // Findings each rule matched, in finding order, and how many of them count towards min_count:
  // all of them, except that a 'once' condition counts once (a finding meeting an ordinary
  // condition too always counts).
  const matched = new Map<CompiledRule, Finding[]>();
  const counted = new Map<CompiledRule, number>();
  const usedOnce = new Set<CompiledCondition>();
  for (const f of findings) {
    for (const cr of byKind.get(f.kind) ?? []) {
      const holding = cr.conditions.filter((c) => conditionHolds(c, f));
      if (holding.length === 0) continue;
      const list = matched.get(cr);
      if (list) list.push(f);
      else matched.set(cr, [f]);
      const fresh = holding.some((c) => !c.once) || holding.some((c) => !usedOnce.has(c));
      for (const c of holding) if (c.once) usedOnce.add(c);
      if (fresh) counted.set(cr, (counted.get(cr) ?? 0) + 1);
    }
  }

  const enforced: Ranked[] = [];
  const monitored: Ranked[] = [];
  for (const [cr, fs] of matched) {
    if ((counted.get(cr) ?? 0) < cr.minCount) continue;
    const { rule } = cr;
    const hit: RuleHit = {
      rule: rule.id,
      description: rule.description,
      action: rule.action,
      category: rule.category,
      mode: rule.mode,
      findings: fs,
    };
    if (rule.mode === 'monitor') {
      monitored.push({ hit, order: cr.order });
    } else if (rule.action === 'strip' && fs.some((f) => !canStrip(f))) {
      const strippable = fs.filter(canStrip);
      const rest = fs.filter((f) => !canStrip(f));
      if (strippable.length > 0) enforced.push({ hit: { ...hit, findings: strippable }, order: cr.order });
      const note = rest.every((f) => f.attachment) ? CARRIED_ESCALATION_NOTE : STRIP_ESCALATION_NOTE;
      enforced.push({
        hit: { ...hit, action: 'quarantine', description: joinDescription(rule.description, note), findings: rest },
        order: cr.order,
      });
    } else {
      enforced.push({ hit, order: cr.order });
    }
  }

  failClosed(findings, enforced);

  const byOrder = (a: Ranked, b: Ranked) => compareActions(b.hit.action, a.hit.action) || a.order - b.order;
  const hits = enforced.sort(byOrder).map((r) => r.hit);
  const action = mostSevere(hits.map((h) => h.action));
  const delivered = action !== 'reject' && action !== 'quarantine';
  return {
    action: action === 'reject' ? 'reject' : action === 'quarantine' ? 'quarantine' : 'deliver',
    warning: delivered && (action === 'warn' || action === 'strip'),
    strip: delivered ? attachmentsToStrip(hits) : [],
    tagged: delivered && hits.some((h) => h.action === 'tag'),
    categories: [...new Set(hits.map((h) => h.category))],
    hits,
    monitored: monitored.sort(byOrder).map((r) => r.hit),
  };
}

/** Adds the engine's own quarantine for scanner errors and unscannable messages nobody handled. */
function failClosed(findings: readonly Finding[], enforced: Ranked[]): void {
  const coveredAtLeast = (atLeast: RuleAction): Set<Finding> =>
    new Set(enforced.filter((r) => compareActions(r.hit.action, atLeast) >= 0).flatMap((r) => r.hit.findings));
  const warned = coveredAtLeast('warn');
  const handled = coveredAtLeast('deliver');
  const errors = findings.filter((f) => f.kind === 'scanner.error' && !warned.has(f));
  if (errors.length > 0) {
    enforced.push({
      hit: {
        rule: BUILTIN_FAIL_CLOSED,
        description:
          'Một bộ quét bị lỗi nên thư chưa được kiểm tra đầy đủ: cách ly (an toàn khi lỗi) / A scanner failed, so the message was not fully checked: quarantined (fail closed)',
        action: 'quarantine',
        category: 'scanner-error',
        mode: 'enforce',
        findings: errors,
      },
      order: Number.MAX_SAFE_INTEGER,
    });
  }
  const unscannable = findings.filter((f) => f.kind === 'message.unscannable' && !handled.has(f));
  if (unscannable.length > 0) {
    enforced.push({
      hit: {
        rule: BUILTIN_UNSCANNABLE,
        description:
          'Không phân tích được thư và không có quy tắc nào xử lý: cách ly / The message could not be analysed and no rule handles it: quarantined',
        action: 'quarantine',
        category: 'unscannable',
        mode: 'enforce',
        findings: unscannable,
      },
      order: Number.MAX_SAFE_INTEGER,
    });
  }
}

function joinDescription(description: string, note: string): string {
  return description ? `${description} — ${note}` : note;
}

/**
 * The verdict to use when an administrator releases a held message: it is delivered, always with
 * a warning banner, with the attachments that strip rules wanted removed still removed.
 */
export function verdictForRelease(v: Verdict): Verdict {
  return { ...v, action: 'deliver', warning: true, strip: attachmentsToStrip(v.hits), tagged: v.hits.some((h) => h.action === 'tag') };
}

/** The attachments the strip hits name, each once, in hit order. */
function attachmentsToStrip(hits: readonly RuleHit[]): string[] {
  const strip = new Set<string>();
  for (const h of hits) {
    if (h.action !== 'strip') continue;
    for (const f of h.findings) if (f.attachment) strip.add(f.attachment);
  }
  return [...strip];
}

/** One line for logs: `quarantine warning=no strip=0 categories=phishing hits=a[quarantine],b[warn] monitored=c[reject]`. */
export function describeVerdict(v: Verdict): string {
  const hits = (hs: readonly RuleHit[]) => (hs.length ? hs.map((h) => `${h.rule}[${h.action}]`).join(',') : '-');
  const parts = [
    v.action,
    `warning=${v.warning ? 'yes' : 'no'}`,
    `tagged=${v.tagged ? 'yes' : 'no'}`,
    `strip=${v.strip.length}`,
    `categories=${v.categories.length ? v.categories.join(',') : '-'}`,
    `hits=${hits(v.hits)}`,
    `monitored=${hits(v.monitored)}`,
  ];
  if (v.reason) parts.push(`reason=${JSON.stringify(v.reason)}`);
  return parts.join(' ');
}
