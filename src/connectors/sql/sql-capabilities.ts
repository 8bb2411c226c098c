import type { InsertQueryBuilder, Kysely, TableMetadata } from 'kysely';

/** What a column's values are, as far as coercion cares; each connector maps its own type names to these. */
export type ColumnKind = 'text' | 'integer' | 'decimal' | 'float' | 'boolean' | 'date' | 'timestamp' | 'timestamptz' | 'time' | 'uuid' | 'json' | 'enum' | 'other';

/** A column's type as the catalog declares it (the part Kysely's introspection does not give). */
export interface ColumnType {
  readonly name: string;
  /** The type as the database writes it (`character varying(20)`, `numeric(6,2)`), for messages. */
  readonly type: string;
  readonly kind: ColumnKind;
  /** Most characters a text column holds (varchar(n), char(n)). */
  readonly maxLength?: number | undefined;
  /** integer: the size in bits (8 to 64), for the range check; unsigned ones (MySQL) run from 0. */
  readonly bits?: number | undefined;
  readonly unsigned?: boolean | undefined;
  /** decimal: digits in all and after the point, when declared. */
  readonly precision?: number | undefined;
  readonly scale?: number | undefined;
  /** enum: the allowed values, in declared order. */
  readonly values?: readonly string[] | undefined;
  /** Computed by the database (GENERATED ALWAYS): it cannot be written. */
  readonly generated: boolean;
  /** Filled by the database when left out (identity, serial, auto increment, rowid alias). */
  readonly autoFilled: boolean;
}

/** A foreign key declared on a table: its columns and the table and columns they point at. */
export interface ForeignKey {
  readonly columns: readonly string[];
  readonly table: string;
  readonly references: readonly string[];
}

/** A value as the writers send it: text in the column's canonical form, or a number (booleans are 1 and 0). */
export type SqlValue = string | number | null;

/** One call of a bulk write: rows for `columns` of `table` (schema-qualified or not), inserted or upserted by `upsert.key`. */
export interface BulkWrite {
  readonly table: string;
  readonly columns: readonly string[];
  readonly upsert?: { readonly key: readonly string[]; readonly update: readonly string[] } | undefined;
  /**
   * The rows, in small groups as they are read and coerced (a bulk path: at most STREAM_ROWS each; else batch_size
   * rows, one statement each): rows held a short while never leave V8's young generation.
   */
  readonly batches: AsyncIterable<readonly (readonly SqlValue[])[]>;
  /** batch_size: the rows a bulk path sends per write (PostgreSQL: per COPY data chunk). */
  readonly rowsPerWrite: number;
}

/**
 * What a SQL connector tells the shared table code about its database. Shared code asks these
 * questions; it never asks which database it is talking to.
 */
export interface SqlCapabilities {
  /** A display name for messages (`SQLite`, `PostgreSQL`). */
  readonly label: string;
  /** Opens a connection; `forWrite` may create the database file. */
  open(location: string, forWrite: boolean): Promise<SqlHandle>;
  /** Turns an insert into "insert, or update the row with the same key". */
  upsert(
    insert: InsertQueryBuilder<any, any, any>,
    key: readonly string[],
    update: readonly string[],
  ): InsertQueryBuilder<any, any, any>;
  /** Most bound parameters one statement may carry. */
  readonly maxParameters: number;
  /** Transactions one handle can run at once (its connections): an in-place merge runs that many batches side by side. */
  readonly concurrentTransactions: number;
  /**
   * Whether `select … for update` locks the rows it reads until the transaction ends: a clean in place reads a
   * page and writes it back in one transaction, and a lock keeps another writer's edit from being lost in between.
   * Absent: the database lets one writer at a time change the data (SQLite), so no lock is needed.
   */
  readonly rowLocks?: boolean;
  /**
   * Why a table's changes cannot be rolled back, when they cannot (MySQL: its storage engine has no transactions,
   * as MyISAM); undefined when they can. Absent: every table is transactional. An in-place run refuses such a
   * table: a batch that failed half-way would stay half-written, without its before-images.
   */
  withoutRollback?(db: Kysely<any>, table: string): Promise<string | undefined>;
  /** The type a value is cast to for text functions (trim, lower); default text. */
  readonly textType?: string;
  /**
   * When the catalog hides the tables a user has no privilege on (MySQL), what to tell a user who cannot find one:
   * added to every "table not found" message, which would otherwise send them to create a table that exists.
   */
  readonly unlistedTables?: string;
  /** Schema searched for tables when a name has none. */
  readonly defaultSchema?: string;
  /** Types of the columns `create: true` makes (never read back; columnTypes() reads a table's): any text, and text in the key (its unique constraint); default text for both. */
  readonly createdColumnTypes?: { readonly text: string; readonly key: string };
  /** Whether CREATE/ALTER TABLE ends the open transaction (MySQL): the writer then changes the schema before it, and undoes that on failure. */
  readonly ddlCommits?: boolean;
  /**
   * The tables of a schema (undefined: the connection's own), read from the catalog by the connector itself where
   * Kysely's introspection falls short (MySQL: it lists only the connection's database, and names MariaDB's JSON
   * columns longtext, so a clean in place would take them for text). Absent: Kysely's introspection.
   */
  tablesOf?(db: Kysely<any>, schema: string | undefined): Promise<TableMetadata[]>;
  /** The single-column foreign keys the catalog declares on other tables (or this one) that point at `table`, and the column they reference (undefined: its primary key). */
  foreignKeysTo(db: Kysely<any>, table: string): Promise<{ readonly table: string; readonly column: string; readonly references?: string | undefined }[]>;
  /** The columns of a table's primary key, in order; empty when it has none. */
  primaryKey(db: Kysely<any>, table: string): Promise<string[]>;
  /**
   * A row number the database keeps beside the columns and orders a plain `select *` by (SQLite's rowid), when the
   * table has one that is not a column: a deleted row put back with it again sits where it was. Undefined otherwise.
   */
  hiddenRowId(db: Kysely<any>, table: string): Promise<string | undefined>;
  /** Every column's declared type, lengths, enum values and whether it is generated or filled by the database. */
  columnTypes(db: Kysely<any>, table: string): Promise<ColumnType[]>;
  /**
   * The column sets an upsert's key must be one of: the primary key first (when there is one), then every unique
   * index or constraint without a condition or expression, each in index order (key columns only, not INCLUDE).
   */
  uniqueKeys(db: Kysely<any>, table: string): Promise<string[][]>;
  /** The foreign keys declared on `table` (its columns pointing elsewhere). */
  foreignKeysFrom(db: Kysely<any>, table: string): Promise<ForeignKey[]>;
  /**
   * The database's bulk path, run inside the transaction `trx` holds on `handle`'s connection (PostgreSQL: COPY,
   * through a staging table for an upsert; SQLite: one prepared statement run per row). Returns the rows written.
   * Left out, the shared writer sends multi-row INSERT statements of batch_size rows.
   */
  writeRows?(handle: SqlHandle, trx: Kysely<any>, write: BulkWrite): Promise<number>;
}

export interface SqlHandle {
  readonly db: Kysely<any>;
  /** Shown in messages, password removed. */
  readonly display: string;
  /** The last error that broke one of the handle's connections (the server went away), if one did: what to report when a transaction it broke fails. */
  lostConnection?(): Error | undefined;
  close(): Promise<void>;
}
