import type { Migration, MigrationProvider } from 'kysely';
import { initial } from './0001-initial.js';

/**
 * Every migration, keyed by a name that sorts in the order they must run. Defined in code (not read
 * from a folder) so the built gateway and the tests run exactly the same list on SQLite and PostgreSQL.
 * Never rename or edit a migration that has shipped: add the next one.
 */
export const MIGRATIONS: Readonly<Record<string, Migration>> = Object.freeze({
  '0001-initial': initial,
});

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => ({ ...MIGRATIONS }),
};
