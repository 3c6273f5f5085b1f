import type { GatewayConfig } from '../config/types.js';
import { openDatabase, type Database, type MessageRow, type MessageSearch } from '../db/index.js';
import { errorText, LachanError } from '../errors.js';
import { createLogger } from '../log.js';
import type { FinalAction } from '../policy/types.js';
import { oneOf, positiveInt, readArgs, UsageError } from './args.js';

const ACTIONS: readonly FinalAction[] = ['deliver', 'quarantine', 'reject', 'tempfail'];

export interface TraceCliOptions {
  args: string[];
  config: GatewayConfig;
  write(text: string): void;
  writeError(text: string): void;
}

function when(value: string, flag: string): string {
  const d = new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(d.getTime())) throw new UsageError(`${flag} ${JSON.stringify(value)}: not a date (2026-11-25 or 2026-11-25T08:00:00Z)`);
  return d.toISOString();
}

function outcome(m: MessageRow): string {
  return m.action + (m.warning ? ' +warning' : '') + (m.stripped.length ? ` -${m.stripped.length} stripped` : '');
}

function line(m: MessageRow): string {
  const subject = m.subject.replace(/\s+/g, ' ').slice(0, 60);
  const rule = m.hits.find((h) => h.rule !== 'external-sender')?.rule ?? '';
  return `${m.ref}  ${m.receivedAt}  ${outcome(m).padEnd(10)}  ${m.mailFrom || '<>'} → ${m.rcptTo.join(', ')}  "${subject}"${rule ? `  [${rule}]` : ''}`;
}

function attachmentText(a: unknown): string {
  const o = (a ?? {}) as { filename?: string; trueType?: string; contentType?: string; size?: number };
  return `${o.filename || '(no name)'} (${o.trueType ?? o.contentType ?? '?'}, ${o.size ?? '?'} bytes)`;
}

/**
 * `lachan trace`: message tracking for the administrator, from the records the mail path writes
 * for every message — by ref, or a list by sender, recipient, Message-ID, outcome, category and
 * time. One message: its envelope, verdict with every rule and finding, links, attachments, the
 * downstream's reply, its quarantine status and its audit rows.
 */
export async function runTrace(opts: TraceCliOptions): Promise<number> {
  let values, positionals: string[], search: MessageSearch;
  try {
    ({ values, positionals } = readArgs(opts.args, {
      json: { type: 'boolean', default: false },
      from: { type: 'string' },
      to: { type: 'string' },
      'message-id': { type: 'string' },
      action: { type: 'string' },
      category: { type: 'string' },
      since: { type: 'string' },
      until: { type: 'string' },
      limit: { type: 'string' },
    }));
    if (positionals.length > 1) throw new UsageError('một ref / one ref at most');
    const action = oneOf(values.action, ACTIONS, '--action');
    search = {
      limit: positiveInt(values.limit, 50, '--limit'),
      ...(values.from ? { sender: values.from } : {}),
      ...(values.to ? { recipient: values.to } : {}),
      ...(values['message-id'] ? { messageId: values['message-id'] } : {}),
      ...(action ? { action } : {}),
      ...(values.category ? { category: values.category } : {}),
      ...(values.since ? { since: when(values.since, '--since') } : {}),
      ...(values.until ? { until: when(values.until, '--until') } : {}),
    };
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    opts.writeError(`lachan trace: ${err.message}\n`);
    return 2;
  }
  const { config } = opts;
  const db: Database = await openDatabase({ dataDir: config.dataDir, databaseUrl: config.databaseUrl, log: createLogger(config.logLevel) });
  try {
    const ref = positionals[0];
    if (ref === undefined) {
      const found = await db.messages.search(search);
      for (const m of found) opts.write((values.json ? JSON.stringify(m) : line(m)) + '\n');
      if (!values.json && found.length === 0) opts.write('(không có thư nào / no messages)\n');
      return 0;
    }
    const m = await db.messages.get(ref);
    if (!m) {
      opts.writeError(`lachan trace: không có thư / no message with ref ${ref}\n`);
      return 1;
    }
    const held = await db.quarantine.get(ref);
    const audit = await db.audit.list({ limit: 100, target: ref });
    if (values.json) {
      opts.write(JSON.stringify({ ...m, quarantine: held ?? null, audit: audit.map(({ seq, at, actor, action, detail }) => ({ seq, at, actor, action, detail })) }) + '\n');
      return 0;
    }
    const out: string[] = [
      `ref: ${m.ref} (phiên / session ${m.sessionRef})`,
      `nhận lúc / received: ${m.receivedAt} từ / from ${m.remoteAddress || '?'} (HELO ${m.helo || '?'}), ${m.size} bytes, ${m.processingMs} ms`,
      `phong bì / envelope: ${m.mailFrom || '<>'} → ${m.rcptTo.join(', ')}`,
      `From: ${m.headerFrom}`,
      `tiêu đề / subject: ${m.subject}`,
      `Message-ID: ${m.messageId}`,
      `kết quả / outcome: ${outcome(m)}${m.categories.length ? `; ${m.categories.join(', ')}` : ''}`,
    ];
    if (m.stripped.length) out.push(`đã gỡ / stripped: ${m.stripped.join(', ')}`);
    for (const [title, hits] of [['quy tắc / rules', m.hits], ['theo dõi / monitor', m.monitored]] as const) {
      if (!hits.length) continue;
      out.push(`${title}:`);
      for (const h of hits) {
        out.push(`  ${h.rule} (${h.action}, ${h.category}): ${h.description}`);
        for (const f of h.findings ?? []) out.push(`    - ${f.kind}${f.detail ? `: ${String(f.detail).slice(0, 200)}` : ''}`);
      }
    }
    if (m.urls.length) out.push(`liên kết / links: ${m.urls.length}`);
    if (m.attachments.length) out.push(`tệp đính kèm / attachments: ${m.attachments.map(attachmentText).join('; ')}`);
    if (m.downstreamReply) out.push(`máy chủ nhận / downstream: ${m.downstreamReply}`);
    if (held) out.push(`cách ly / quarantine: ${held.status}${held.statusBy ? ` (${held.statusBy}, ${held.statusChangedAt})` : ''} — lachan quarantine show ${ref}`);
    for (const a of audit) out.push(`  nhật ký / audit #${a.seq} ${a.at} ${a.actor} ${a.action}`);
    opts.write(out.join('\n') + '\n');
    return 0;
  } finally {
    await db.close();
  }
}
