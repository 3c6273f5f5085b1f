import { compilePolicy } from './loader.js';
import { formatIssue } from './issues.js';

/**
 * `lachan policy check [DIR]`: one line per issue (`file:line: rule <id>: message`), then a
 * summary in Vietnamese and English. ok is false when there is at least one error; warnings alone
 * keep it ok (the gateway would load this policy).
 */
export async function runPolicyCheck(dir: string): Promise<{ ok: boolean; output: string }> {
  const { policy, issues } = await compilePolicy(dir);
  const errors = issues.filter((i) => i.severity === 'error').length;
  const warnings = issues.length - errors;
  const lines = issues.map(formatIssue);
  if (errors > 0) {
    lines.push(
      `Chính sách KHÔNG hợp lệ: ${errors} lỗi, ${warnings} cảnh báo. / Policy is INVALID: ${errors} ${plural(errors, 'error')}, ${warnings} ${plural(warnings, 'warning')}.`,
    );
  } else {
    const rules = policy?.rules.length ?? 0;
    const monitored = policy?.rules.filter((r) => r.mode === 'monitor').length ?? 0;
    const lists = policy?.lists.size ?? 0;
    const entries = [...(policy?.lists.values() ?? [])].reduce((n, l) => n + l.entries.length, 0);
    lines.push(
      `Chính sách hợp lệ: ${rules} quy tắc (${monitored} ở chế độ theo dõi), ${lists} danh sách (${entries} mục), ${warnings} cảnh báo. / ` +
        `Policy is valid: ${rules} ${plural(rules, 'rule')} (${monitored} in monitor mode), ${lists} ${plural(lists, 'list')} (${entries} ${plural(entries, 'entry', 'entries')}), ${warnings} ${plural(warnings, 'warning')}.`,
    );
  }
  return { ok: errors === 0, output: `${lines.join('\n')}\n` };
}

function plural(n: number, one: string, many = `${one}s`): string {
  return n === 1 ? one : many;
}
