import { sql, type Kysely } from 'kysely';
import { InputError, StewardError } from '../../errors.js';
import type { OutputValue, TargetSpec, TargetWriter } from '../types.js';
import type { SqlCapabilities } from './sql-capabilities.js';
import { findTable, splitTableName } from './sql-tables.js';

/**
 * Writes rows into a table: one transaction for the whole export (a failure leaves the table as it was),
 * multi-row inserts in batches, upsert by key, replace = delete then insert, --create for a missing table.
 */
export function createSqlTableWriter(capabilities: SqlCapabilities, spec: TargetSpec): TargetWriter {
  return {
    async write(columns, batches) {
      const handle = await capabilities.open(spec.location, true);
      let undoSchema: (() => Promise<void>) | undefined;
      try {
        const table = await findTable(handle.db, capabilities, spec.table);
        let missing: string[] = [];
        if (!table && !spec.create) {
          throw new InputError('TABLE_NOT_FOUND', `table "${spec.table}" does not exist in ${handle.display}; add create: true to the target (or --create) to make it`);
        }
        if (table) {
          const existing = new Set(table.columns.map((c) => c.name));
          missing = columns.filter((c) => !existing.has(c));
          if (missing.length > 0 && !spec.create) {
            throw new InputError(
              'COLUMNS_NOT_FOUND',
              `table "${spec.table}" in ${handle.display} has no column${missing.length > 1 ? 's' : ''} ${missing.map((c) => `"${c}"`).join(', ')}; it has ${[...existing].join(', ')} (rename with target.columns, or add create: true to add them)`,
            );
          }
        }
        const keyIndexes = spec.key.map((k) => columns.indexOf(k));
        keyIndexes.forEach((index, i) => {
          if (index === -1) throw new InputError('KEY_NOT_EXPORTED', `key column "${spec.key[i]}" is not among the exported columns (${columns.join(', ')})`);
        });
        // Checked before writing: MySQL's ON DUPLICATE KEY UPDATE would insert every row again without a unique key to meet.
        if (table && spec.mode === 'upsert' && !(await capabilities.uniqueKeys(handle.db, spec.table)).some((unique) => sameColumns(unique, spec.key))) {
          throw new InputError(
            'UPSERT_KEY_NOT_UNIQUE',
            `upsert into "${spec.table}" in ${handle.display} needs a unique index or primary key on (${spec.key.join(', ')}); nothing was written. Create one, or choose another target.key or mode`,
          );
        }
        const rowsPerStatement = Math.max(1, Math.min(spec.batchSize, Math.floor(capabilities.maxParameters / Math.max(1, columns.length))));
        const seenKeys = spec.mode === 'upsert' ? new Map<string, number>() : undefined;
        let written = 0;
        // create: true makes the table, or adds the columns a wider export brings (as text), in the same transaction
        // where DDL is transactional; before it where DDL commits, undone when the write fails.
        const changeSchema = async (db: Kysely<any>) => {
          if (!table) await createTable(db, capabilities, spec, columns);
          for (const column of missing) await db.schema.alterTable(spec.table).addColumn(column, sql.raw(capabilities.columnTypes?.text ?? 'text')).execute();
        };
        if (capabilities.ddlCommits) {
          await changeSchema(handle.db);
          undoSchema = async () => {
            if (!table) await handle.db.schema.dropTable(spec.table).execute();
            for (const column of missing) await handle.db.schema.alterTable(spec.table).dropColumn(column).execute();
          };
        }
        await handle.db.transaction().execute(async (trx) => {
          if (!capabilities.ddlCommits) await changeSchema(trx);
          const { schema, name } = splitTableName(spec.table);
          const base = schema ? trx.withSchema(schema) : trx;
          if (spec.mode === 'replace') await base.deleteFrom(name).execute();
          const flush = async (rows: Record<string, OutputValue>[]) => {
            if (rows.length === 0) return;
            let insert = base.insertInto(name).values(rows);
            if (spec.mode === 'upsert') insert = capabilities.upsert(insert, spec.key, columns.filter((c) => !spec.key.includes(c)));
            await insert.execute();
            written += rows.length;
          };
          let pending: Record<string, OutputValue>[] = [];
          let rowNumber = 0;
          for await (const batch of batches) {
            for (const row of batch) {
              rowNumber += 1;
              if (seenKeys) {
                const keyValues = keyIndexes.map((i) => row[i] ?? null);
                if (keyValues.some((v) => v === null || v === '')) {
                  throw new InputError('EMPTY_KEY', `row ${rowNumber} has no value for key ${spec.key.join(', ')}; upsert needs every row keyed (choose another key)`);
                }
                const keyText = JSON.stringify(keyValues);
                const first = seenKeys.get(keyText);
                if (first !== undefined) {
                  throw new InputError('DUPLICATE_KEY', `rows ${first} and ${rowNumber} have the same key (${spec.key.join(', ')} = ${keyValues.join(', ')}); upsert needs a unique key`);
                }
                seenKeys.set(keyText, rowNumber);
              }
              const object: Record<string, OutputValue> = {};
              for (let i = 0; i < columns.length; i++) object[columns[i]!] = row[i] ?? null;
              pending.push(object);
              if (pending.length >= rowsPerStatement) {
                await flush(pending);
                pending = [];
              }
            }
          }
          await flush(pending);
        });
        return { written };
      } catch (error) {
        // The error that stopped the write is the one to report, not a failure to tidy up after it.
        await undoSchema?.().catch(() => undefined);
        if (error instanceof StewardError) throw error;
        throw new (await import('../../errors.js')).RuntimeFailure('TARGET_WRITE_FAILED', `writing to table "${spec.table}" in ${handle.display} failed, nothing was written: ${(error as Error).message}`, {}, { cause: error });
      } finally {
        await handle.close();
      }
    },
  };
}

async function createTable(db: Kysely<any>, capabilities: SqlCapabilities, spec: TargetSpec, columns: readonly string[]): Promise<void> {
  const types = capabilities.columnTypes ?? { text: 'text', key: 'text' };
  let create = db.schema.createTable(spec.table);
  for (const column of columns) {
    create = spec.key.includes(column) ? create.addColumn(column, sql.raw(types.key), (c) => c.notNull()) : create.addColumn(column, sql.raw(types.text));
  }
  if (spec.key.length > 0) create = create.addUniqueConstraint(`${splitTableName(spec.table).name}_key`, [...spec.key] as never[]);
  await create.execute();
}

const sameColumns = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((c) => b.includes(c));
