/** The policy stage: load and check a policy directory, and decide a verdict from findings. */
export { loadPolicy, checkPolicy, compilePolicy, POLICY_FILE, type LoadPolicyOptions, type CompiledPolicy } from './loader.js';
export { runPolicyCheck } from './check.js';
export {
  decide,
  describeVerdict,
  verdictForRelease,
  RULE_SEVERITY,
  compareActions,
  mostSevere,
  BUILTIN_FAIL_CLOSED,
  BUILTIN_UNSCANNABLE,
} from './engine.js';
export { formatIssue, type PolicyIssue } from './issues.js';
export { parseListText, normaliseEntry, toAsciiHostname, LIST_TYPES } from './lists.js';
export * from './types.js';
