import { sql, type Kysely, type Migration } from 'kysely';

/**
 * The first schema: message tracking, quarantine records and the audit log.
 * Only types both SQLite and PostgreSQL treat alike (text, integer, bigint); see ../schema.ts.
 * Migrations receive `Kysely<any>` on purpose: they must not follow later changes to the Schema type.
 */
export const initial: Migration = {
  async up(db: Kysely<any>): Promise<void> {
    await db.schema
      .createTable('messages')
      .addColumn('ref', 'text', (c) => c.primaryKey())
      .addColumn('session_ref', 'text', (c) => c.notNull())
      .addColumn('received_at', 'text', (c) => c.notNull())
      .addColumn('remote_address', 'text', (c) => c.notNull())
      .addColumn('helo', 'text', (c) => c.notNull())
      .addColumn('mail_from', 'text', (c) => c.notNull())
      .addColumn('rcpt_to', 'text', (c) => c.notNull())
      .addColumn('header_from', 'text', (c) => c.notNull())
      .addColumn('subject', 'text', (c) => c.notNull())
      .addColumn('message_id', 'text', (c) => c.notNull())
      .addColumn('size', 'bigint', (c) => c.notNull())
      .addColumn('sha256', 'text', (c) => c.notNull())
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('warning', 'integer', (c) => c.notNull())
      .addColumn('stripped', 'text', (c) => c.notNull())
      .addColumn('categories', 'text', (c) => c.notNull())
      .addColumn('hits', 'text', (c) => c.notNull())
      .addColumn('monitored', 'text', (c) => c.notNull())
      .addColumn('urls', 'text', (c) => c.notNull())
      .addColumn('attachments', 'text', (c) => c.notNull())
      .addColumn('downstream_reply', 'text')
      .addColumn('processing_ms', 'integer', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('messages_received_at').on('messages').column('received_at').execute();
    await db.schema.createIndex('messages_action_received_at').on('messages').columns(['action', 'received_at']).execute();
    await db.schema.createIndex('messages_mail_from').on('messages').expression(sql`lower(mail_from)`).execute();
    await db.schema.createIndex('messages_message_id').on('messages').column('message_id').execute();
    await db.schema.createIndex('messages_sha256').on('messages').column('sha256').execute();

    await db.schema
      .createTable('message_recipients')
      .addColumn('message_ref', 'text', (c) => c.notNull().references('messages.ref').onDelete('cascade'))
      .addColumn('recipient', 'text', (c) => c.notNull())
      .addColumn('received_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('message_recipients_pk', ['message_ref', 'recipient'])
      .execute();
    await db.schema
      .createIndex('message_recipients_recipient')
      .on('message_recipients')
      .columns(['recipient', 'received_at'])
      .execute();

    await db.schema
      .createTable('message_categories')
      .addColumn('message_ref', 'text', (c) => c.notNull().references('messages.ref').onDelete('cascade'))
      .addColumn('category', 'text', (c) => c.notNull())
      .addColumn('received_at', 'text', (c) => c.notNull())
      .addColumn('action', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('message_categories_pk', ['message_ref', 'category'])
      .execute();
    await db.schema
      .createIndex('message_categories_category')
      .on('message_categories')
      .columns(['category', 'received_at'])
      .execute();
    await db.schema
      .createIndex('message_categories_received_at')
      .on('message_categories')
      .column('received_at')
      .execute();

    await db.schema
      .createTable('quarantine')
      .addColumn('ref', 'text', (c) => c.primaryKey())
      .addColumn('sha256', 'text', (c) => c.notNull())
      .addColumn('size', 'bigint', (c) => c.notNull())
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('categories', 'text', (c) => c.notNull())
      .addColumn('rules', 'text', (c) => c.notNull())
      .addColumn('recipients', 'text', (c) => c.notNull())
      .addColumn('mail_from', 'text', (c) => c.notNull())
      .addColumn('subject', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull().defaultTo('held'))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text')
      .addColumn('status_changed_at', 'text')
      .addColumn('status_by', 'text')
      .addColumn('status_reason', 'text')
      .execute();
    await db.schema.createIndex('quarantine_status_created_at').on('quarantine').columns(['status', 'created_at']).execute();
    await db.schema.createIndex('quarantine_created_at').on('quarantine').column('created_at').execute();
    await db.schema.createIndex('quarantine_expires_at').on('quarantine').column('expires_at').execute();
    await db.schema.createIndex('quarantine_sha256').on('quarantine').column('sha256').execute();

    await db.schema
      .createTable('quarantine_recipients')
      .addColumn('ref', 'text', (c) => c.notNull().references('quarantine.ref').onDelete('cascade'))
      .addColumn('recipient', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('quarantine_recipients_pk', ['ref', 'recipient'])
      .execute();
    await db.schema
      .createIndex('quarantine_recipients_recipient')
      .on('quarantine_recipients')
      .columns(['recipient', 'created_at'])
      .execute();

    await db.schema
      .createTable('audit_log')
      .addColumn('seq', 'bigint', (c) => c.primaryKey())
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('actor', 'text', (c) => c.notNull())
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('target', 'text', (c) => c.notNull())
      .addColumn('detail', 'text', (c) => c.notNull())
      .addColumn('prev_hash', 'text', (c) => c.notNull())
      .addColumn('hash', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('audit_log_target').on('audit_log').columns(['target', 'seq']).execute();
  },

  async down(db: Kysely<any>): Promise<void> {
    for (const table of ['audit_log', 'quarantine_recipients', 'quarantine', 'message_categories', 'message_recipients', 'messages']) {
      await db.schema.dropTable(table).ifExists().execute();
    }
  },
};
