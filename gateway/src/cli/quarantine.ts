import os from 'node:os';
import path from 'node:path';
import { fieldValue, parseHeaderBlock } from '../act/headers.js';
import { headerBlockEnd } from '../act/index.js';
import type { GatewayConfig } from '../config/types.js';
import { openDatabase, QUARANTINE_STATUSES, type Database, type QuarantineRecord, type QuarantineStatus } from '../db/index.js';
import { createRelay } from '../deliver/relay.js';
import { errorText, LachanError } from '../errors.js';
import { createLogger } from '../log.js';
import { decodeWords } from '../parse/headers.js';
import { deleteHeld, purgeExpired, releaseHeld } from '../quarantine/admin.js';
import { createMessageStore } from '../quarantine/store.js';
import { oneOf, positiveInt, readArgs, UsageError } from './args.js';
import { QUARANTINE_USAGE } from './quarantine-usage.js';


export interface QuarantineCliOptions {
  args: string[];
  config: GatewayConfig;
  write(text: string): void;
  writeError(text: string): void;
  /** the raw original for `show --raw` */
  writeBytes?(bytes: Buffer): void;
}

/** Who acts, when --by is not given: the login name (the one sudo was run by, if any). */
function defaultActor(): string {
  const name = process.env.SUDO_USER || safeUser();
  return `cli:${name}`;
}

function safeUser(): string {
  try {
    return os.userInfo().username;
  } catch {
    return 'unknown';
  }
}

function headerSummary(raw: Buffer): Record<string, string> {
  const end = headerBlockEnd(raw);
  const block = parseHeaderBlock(raw.subarray(0, end < 0 ? Math.min(raw.length, 64 * 1024) : end));
  const out: Record<string, string> = {};
  for (const name of ['from', 'to', 'cc', 'subject', 'date', 'message-id']) {
    const field = block.fields.find((f) => f.name === name);
    if (field) out[name] = decodeWords(Buffer.from(fieldValue(field), 'latin1').toString('utf8').replace(/\r?\n[ \t]*/g, ' ').trim());
  }
  return out;
}

function line(r: QuarantineRecord): string {
  const subject = r.subject.replace(/\s+/g, ' ').slice(0, 60);
  return `${r.ref}  ${r.status.padEnd(8)}  ${r.createdAt}  ${r.mailFrom || '<>'} → ${r.recipients.join(', ')}  "${subject}"  [${r.reason}]`;
}

function details(r: QuarantineRecord): string {
  const rows: Array<[string, string]> = [
    ['ref', r.ref],
    ['trạng thái / status', r.status + (r.statusBy ? ` (${r.statusBy}, ${r.statusChangedAt}${r.statusReason ? `: ${r.statusReason}` : ''})` : '')],
    ['lúc giữ / held at', r.createdAt],
    ['người gửi / sender', r.mailFrom || '<>'],
    ['người nhận / recipients', r.recipients.join(', ')],
    ['tiêu đề / subject', r.subject],
    ['lý do / reason', r.reason],
    ['quy tắc / rules', r.rules.join(', ')],
    ['nhóm / categories', r.categories.join(', ')],
    ['kích thước / size', `${r.size} bytes, sha256 ${r.sha256}`],
  ];
  return rows.map(([k, v]) => `${k}: ${v}`).join('\n');
}

/**
 * `lachan quarantine …`: the administrator's quarantine on the gateway's own database and message
 * store (the same LACHAN_DATA_DIR / LACHAN_DATABASE_URL as `lachan start`, which may be running),
 * releasing through LACHAN_DOWNSTREAM as the mail path does. Exit 0 done, 1 failed (one line with
 * the error code), 2 usage.
 */
export async function runQuarantine(opts: QuarantineCliOptions): Promise<number> {
  const [sub, ...rest] = opts.args;
  const usage = () => {
    opts.writeError(QUARANTINE_USAGE);
    return 2;
  };
  if (!sub || !['list', 'show', 'release', 'delete', 'purge'].includes(sub)) return usage();
  let values, positionals: string[], status: QuarantineStatus | undefined, limit: number;
  try {
    ({ values, positionals } = readArgs(rest, {
      json: { type: 'boolean', default: false },
      raw: { type: 'boolean', default: false },
      status: { type: 'string' },
      recipient: { type: 'string' },
      limit: { type: 'string' },
      by: { type: 'string' },
      reason: { type: 'string' },
    }));
    status = oneOf(values.status, QUARANTINE_STATUSES, '--status');
    limit = positiveInt(values.limit, 100, '--limit');
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    opts.writeError(`lachan quarantine: ${err.message}\n`);
    return 2;
  }
  if (sub === 'list' || sub === 'purge' ? positionals.length !== 0 : positionals.length !== 1) return usage();
  const ref = positionals[0] ?? '';
  const actor = values.by?.trim() || defaultActor();
  const { config } = opts;
  const log = createLogger(config.logLevel);
  const db: Database = await openDatabase({ dataDir: config.dataDir, databaseUrl: config.databaseUrl, log });
  const store = createMessageStore(path.join(config.dataDir, 'messages'));
  try {
    switch (sub) {
      case 'list': {
        const found = await db.quarantine.list({
          limit,
          ...(status ? { status } : {}),
          ...(values.recipient ? { recipient: values.recipient } : {}),
        });
        for (const r of found) opts.write((values.json ? JSON.stringify(r) : line(r)) + '\n');
        if (!values.json && found.length === 0) opts.write('(không có thư nào / no messages)\n');
        return 0;
      }
      case 'show': {
        const record = await db.quarantine.get(ref);
        if (!record) throw new LachanError('LC_QUARANTINE_NOT_FOUND', ref);
        // deleted: the bytes are gone, the record stays
        const original = record.status === 'deleted' ? undefined : await store.get(record.sha256);
        if (values.raw) {
          if (!original) throw new LachanError('LC_QUARANTINE_STATE', `${ref} is deleted: its message is no longer stored`);
          (opts.writeBytes ?? ((b: Buffer) => opts.write(b.toString('latin1'))))(original);
          return 0;
        }
        const headers = original ? headerSummary(original) : {};
        if (values.json) opts.write(JSON.stringify({ ...record, verified: original !== undefined, headers }) + '\n');
        else {
          opts.write(details(record) + '\n');
          if (original) {
            opts.write('đã kiểm tra SHA-256 / SHA-256 verified\n');
            for (const [k, v] of Object.entries(headers)) opts.write(`  ${k}: ${v}\n`);
          }
        }
        return 0;
      }
      case 'release': {
        const relay = createRelay(config.downstream.url, { maxConnections: 1, timeoutMs: config.downstream.timeoutMs, name: config.smtp.hostname, log });
        try {
          const r = await releaseHeld({ db, store, relay, gatewayName: config.smtp.hostname, log }, ref, { actor, ...(values.reason ? { reason: values.reason } : {}) });
          if (values.json) opts.write(JSON.stringify({ ref, status: r.record.status, by: actor, response: r.response, accepted: r.accepted, rejected: r.rejected }) + '\n');
          else {
            opts.write(`${ref}: đã chuyển cho / released to ${r.accepted.join(', ') || '-'} (${r.response})\n`);
            if (r.rejected.length) opts.write(`  máy chủ nhận từ chối / refused by the downstream: ${r.rejected.join(', ')}\n`);
          }
          return 0;
        } finally {
          relay.close();
        }
      }
      case 'purge': {
        const r = await purgeExpired({ db, store, log });
        if (values.json) opts.write(JSON.stringify(r) + '\n');
        else opts.write(`hết hạn, đã xóa / expired and deleted: ${r.deleted.length} (${r.removedBytes} stored messages removed)\n`);
        return 0;
      }
      case 'delete': {
        const r = await deleteHeld({ db, store, gatewayName: config.smtp.hostname, log }, ref, { actor, ...(values.reason ? { reason: values.reason } : {}) });
        if (values.json) opts.write(JSON.stringify({ ref, status: r.record.status, by: actor, removedBytes: r.removedBytes }) + '\n');
        else opts.write(`${ref}: đã xóa / deleted${r.removedBytes ? '' : ' (its bytes stay: another ref keeps the same message)'}\n`);
        return 0;
      }
    }
    return usage();
  } catch (err) {
    if (err instanceof LachanError) {
      opts.writeError(`lachan quarantine ${sub}: ${err.code}: ${err.message}\n`);
      return 1;
    }
    throw err;
  } finally {
    await db.close();
  }
}
