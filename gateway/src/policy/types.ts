import type { Finding, FindingKind } from '../scan/types.js';

/** What a rule asks for, from mildest to most severe. */
export const RULE_ACTIONS = ['deliver', 'tag', 'warn', 'strip', 'quarantine', 'reject'] as const;
export type RuleAction = (typeof RULE_ACTIONS)[number];

/** What finally happens to the message. */
export type FinalAction = 'deliver' | 'quarantine' | 'reject' | 'tempfail';

export type RuleMode = 'enforce' | 'monitor';

/** One condition on findings; all given fields must hold for a finding to count. */
export interface FindingCondition {
  kind: FindingKind[]; // any of
  list?: string[]; // finding.list is one of these
  tags?: string[]; // finding has any of these tags
  scanner?: string[];
  /**
   * Findings meeting this condition add at most one to min_count, however many there are: one
   * signal made of several findings (each phrase of a list is its own finding).
   */
  once?: boolean;
}

export interface RuleMatch {
  /** The rule matches when at least `minCount` findings meet any of these conditions. */
  any: FindingCondition[];
  minCount: number;
}

export interface Rule {
  id: string;
  description: string;
  match: RuleMatch;
  action: RuleAction;
  category: string;
  mode: RuleMode;
  /** Where the rule was written, for error messages: file and 1-based line. */
  source: { file: string; line: number };
}

export type ListType = 'domain' | 'url' | 'ip' | 'hash' | 'phrase';

export interface PolicyList {
  name: string;
  type: ListType;
  file: string;
  /** Entries as written, normalised per type (domains lower-case ASCII, phrases NFC), comments removed. */
  entries: string[];
  /**
   * Phrase lists only: how text is compared. 'folded' (the default): without regard to case and
   * diacritics. 'exact': case-insensitive but WITH diacritics, for words whose folded form is an
   * ordinary word (lồn → lon ~ lớn).
   */
  match?: PhraseMatchMode;
}

export const PHRASE_MATCH_MODES = ['folded', 'exact'] as const;
export type PhraseMatchMode = (typeof PHRASE_MATCH_MODES)[number];

export interface PolicySettings {
  /** Name of the domain list staff trust and attackers imitate (lookalikes are flagged), e.g. 'protected_domains'. */
  protectedList?: string;
  /** Name of the domain list of URL shorteners, e.g. 'shorteners'. */
  shortenerList?: string;
  /** Name of the domain list whose links get no heuristic url.* findings (lists still apply). */
  allowedList?: string;
  /** Which attachments and parts go to clamd: 'all' parts or only 'code-carrying' ones (default). */
  clamdScope: 'all' | 'code-carrying';
  /** Banner language order; Vietnamese first. */
  bannerLanguages: string[];
  /** Subject prefix for the 'tag' action, e.g. '[BÊN NGOÀI]'; empty: no subject change. */
  externalTag: string;
}

export interface Policy {
  /** Directory the policy was loaded from. */
  dir: string;
  version: string;
  localDomains: string[];
  lists: Map<string, PolicyList>;
  rules: Rule[];
  settings: PolicySettings;
}

/** Why a rule fired, with the findings that made it fire. */
export interface RuleHit {
  rule: string;
  description: string;
  action: RuleAction;
  category: string;
  mode: RuleMode;
  findings: Finding[];
}

/** The one result the policy engine gives for a message. */
export interface Verdict {
  action: FinalAction;
  /** True when a suspicion banner is added (the 'warn' action, or strip, which also warns). */
  warning: boolean;
  /** Attachment ids to remove before delivery (the 'strip' action). */
  strip: string[];
  /** True when only a tag (subject/header) is added: e.g. external sender. */
  tagged: boolean;
  categories: string[];
  /** Enforced rules that matched, most severe first. */
  hits: RuleHit[];
  /** Monitor-mode rules that matched: recorded, never acted on. */
  monitored: RuleHit[];
  /** For tempfail: what was unavailable. */
  reason?: string;
}
