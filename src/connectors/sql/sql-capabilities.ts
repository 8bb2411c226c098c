import type { InsertQueryBuilder, Kysely, TableMetadata } from 'kysely';

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
  /** Schema searched for tables when a name has none. */
  readonly defaultSchema?: string;
  /** Column types of the tables and columns `create: true` makes: any text, and text in the key (its unique constraint); default text for both. */
  readonly columnTypes?: { readonly text: string; readonly key: string };
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
  /** The column lists of the table's primary key and unique indexes (whole columns only): what an upsert's key must be one of. */
  uniqueKeys(db: Kysely<any>, table: string): Promise<string[][]>;
  /**
   * A row number the database keeps beside the columns and orders a plain `select *` by (SQLite's rowid), when the
   * table has one that is not a column: a deleted row put back with it again sits where it was. Undefined otherwise.
   */
  hiddenRowId(db: Kysely<any>, table: string): Promise<string | undefined>;
}

export interface SqlHandle {
  readonly db: Kysely<any>;
  /** Shown in messages, password removed. */
  readonly display: string;
  close(): Promise<void>;
}
