import { z } from 'zod';
import { connectors } from '../connectors/registry.js';
import { normalizers } from '../normalizers/registry.js';
import { comparators } from '../matching/comparators/registry.js';

/**
 * The one source of truth for rule files. Descriptions and defaults live here; the editor JSON Schema
 * (rules/steward.schema.json) is generated from it and kept in step by a test.
 */

const identifier = z.string().regex(/^[a-z_][a-z0-9_]*$/, 'must be lower_snake_case (a-z, 0-9, _), starting with a letter or _');

const percentOrCount = z
  .union([z.number().int().min(0), z.string().regex(/^\s*\d+(\.\d+)?\s*%\s*$/, 'must be a count like 10 or a percentage like "5%"')])
  .describe('Most rejected rows allowed before the run exits with code 1: a count (10) or a share of rows read ("5%").');

/** One optional location key per connector: `csv: file.csv`, `postgres: ${DATABASE_URL}`, … */
function locationKeys(role: 'source' | 'target') {
  return Object.fromEntries(
    connectors.map((c) => [
      c.kind,
      z
        .string()
        .min(1)
        .optional()
        .describe(`${c.description} ${role === 'source' ? 'to read from' : 'to write to'}${c.isFile ? ' (a path, relative to this rule file)' : ' (a connection string; use ${ENV_VAR})'}.`),
    ]),
  ) as Record<string, z.ZodOptional<z.ZodString>>;
}

export const sourceSchema = z
  .strictObject({
    ...locationKeys('source'),
    table: z.string().min(1).optional().describe('Table to read, for database sources.'),
    encoding: z
      .string()
      .default('auto')
      .describe('Text encoding of file sources: auto (BOM, else UTF-8), utf-8, utf-16le, utf-16be, windows-1252, latin1, gb18030, big5, shift_jis, or any encoding iconv-lite knows.'),
    delimiter: z.enum(['auto', ',', ';', '\t', '|']).default('auto').describe('CSV delimiter; auto sniffs , ; tab and | from the first lines.'),
    id: z
      .union([z.string().min(1), z.array(z.string().min(1)).min(1)])
      .optional()
      .describe('The column holding each record\'s id. A string must exist; a list names candidates, the first present is used. Without it, the row number is the id.'),
    max_rejects: percentOrCount.optional(),
  })
  .describe('Where records come from: exactly one connector key.');

/** One step of a field's normalize list: a name (`email`) or a name with options (`{ phone: { default_country: US } }`). */
export const normalizerStepSchema = z
  .union([
    z.enum(normalizers.filter((n) => n.options.safeParse({}).success).map((n) => n.name) as [string, ...string[]]),
    ...normalizers.map((n) => z.strictObject({ [n.name]: n.options.describe(n.description) })),
  ])
  .describe(`A normalizer: ${normalizers.map((n) => n.name).join(', ')}; a name, or { name: { options } }.`);

export const fieldSchema = z
  .strictObject({
    from: z
      .union([z.string().min(1), z.array(z.string().min(1)).min(1)])
      .optional()
      .describe('Source column(s) for this field, matched ignoring case, spaces and punctuation. The first non-empty one gives the value. Defaults to the field name.'),
    required: z.boolean().default(false).describe('Reject a row whose value for this field is empty.'),
    normalize: z.array(normalizerStepSchema).default([]).describe('Normalizers applied in order by the normalize stage.'),
    description: z.string().optional(),
  })
  .describe('A canonical field and the source columns it is mapped from.');

const fieldEntry = z.union([fieldSchema, z.string().min(1), z.array(z.string().min(1)).min(1)]);

const constantSchema = z.union([z.string(), z.number(), z.boolean(), z.null()]);

/**
 * A column's value in a multi-table target: a field name, or one of value, field, ref, item, list, json. One
 * strict object with every form's keys (not a union of shapes), so a typo gets "did you mean" and the
 * cross-checks say which forms are allowed.
 */
export const columnValueSchema: z.ZodType<unknown> = z
  .union([
    z.string().min(1).describe('A field of the record (first_name), a normalizer key (company.key), a field with transforms (email.lower), or record_id / source_id / golden_id / record_ids.'),
    z.strictObject({
      value: constantSchema.optional().describe('A constant: deleted: { value: 0 }, bean_module: { value: Contacts }. Use ${ENV:-default} for a timestamp fixed per run.'),
      field: z.string().min(1).optional().describe('A field (or field.key, field.transform), as the short form.'),
      default: constantSchema.optional().describe('With field or item: the value written when it is empty.'),
      case: z.enum(['upper', 'lower']).optional().describe('With field or item: change its case (email_address_caps: { item: value, case: upper }).'),
      ref: z.string().min(1).optional().describe('The id of the row of another table that belongs to this row: company_id: { ref: company }.'),
      item: z
        .enum(['value', 'key', 'field', 'index', 'first'])
        .optional()
        .describe('In a table whose rows are distinct or each values: the value, its key, the field it came from, its position (0, 1, …), or 1 for the first value of a record and 0 for the others.'),
      list: z
        .union([z.string().min(1), z.array(z.string().min(1)).min(1)])
        .optional()
        .describe('A JSON array of the non-empty values of these fields, list fields (other_emails) split by the separator: additionalEmails: { list: other_emails }.'),
      get json() {
        return z.record(z.string(), columnValueSchema).optional().describe('A JSON object of values: name: { json: { firstName: first_name, lastName: last_name } }.');
      },
    }),
  ])
  .describe('A column\'s value: a field name, or { value }, { field, default, case }, { ref }, { item }, { list }, { json }.');

const valueSourcesSchema = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]);

export const targetTableSchema = z
  .strictObject({
    rows: z
      .union([
        z.literal('record'),
        z.strictObject({
          distinct: valueSourcesSchema
            .optional()
            .describe('One row per distinct key among all records: company.key (the company match key), [email.lower, other_emails.lower]. Its values come from the first record (in record order) with that key.'),
          each: valueSourcesSchema.optional().describe('One row per record and distinct value of these fields: [email, other_emails] (list fields split by the separator).'),
        }),
      ])
      .default('record')
      .describe('Where rows come from: record (one per exported record: the golden record once merge ran), { distinct: … } (parents derived from a column, deduplicated by a key) or { each: … } (a record\'s several values: child and relation rows).'),
    id: z
      .strictObject({
        column: z.string().min(1).describe('The primary key column.'),
        generate: z
          .enum(['uuid', 'database'])
          .describe('uuid: a UUID v5 of the job, the table and the row\'s natural key, so a re-run gives the same ids; database: serial / auto-increment, read back by the key columns after the insert.'),
      })
      .optional()
      .describe('The table\'s id, needed when other tables refer to it ({ ref: table }).'),
    key: z
      .union([z.string().min(1), z.array(z.string().min(1)).min(1)])
      .optional()
      .describe('Columns with a unique index that identify a row: rows are upserted by them, and database ids are read back by them. Default the id column when it is a uuid.'),
    columns: z.record(z.string().min(1), columnValueSchema).describe('Target column -> its value.'),
    separator: z.string().min(1).default(';').describe('Separator of list fields (other_emails) in rows, list and each.'),
  })
  .describe('One table of a multi-table target.');

export const targetSchema = z
  .strictObject({
    ...locationKeys('target'),
    table: z.string().min(1).optional().describe('Table to write, for database targets. Defaults to the job name.'),
    mode: z
      .enum(['insert', 'upsert', 'replace'])
      .default('upsert')
      .describe(
        'upsert (default): insert or update rows by key, so a re-run gives the same table; insert: add rows; replace: empty the table first. In one transaction (a failed run leaves the table as it was), unless resumable. A file is always written whole.',
      ),
    key: z
      .union([identifier, z.array(identifier).min(1)])
      .optional()
      .describe('Output column(s) identifying a row, for upsert; default the id of what is exported: golden_id for golden records (once merge ran), else source_id.'),
    create: z.boolean().default(false).describe('Create the table when it does not exist.'),
    columns: z.record(z.string(), z.string().min(1)).optional().describe('Rename output columns: canonical field -> target column.'),
    unmapped: z.boolean().default(false).describe('Also export source columns that no field maps, under their original names.'),
    cluster_id: z.boolean().default(false).describe('Once dedupe has run, add a cluster_id column after source_id: records with one cluster id are one person or company.'),
    formula_guard: z
      .boolean()
      .default(true)
      .describe('CSV only: escape cells that a spreadsheet would run as a formula (=, @, +, -, tab, CR), except plain numbers and phone numbers.'),
    batch_size: z.number().int().min(1).max(100000).default(1000).describe('Rows per database write (per INSERT statement, or per chunk sent to COPY).'),
    truncate: z
      .boolean()
      .default(false)
      .describe('Database targets: cut text longer than its column (varchar(n)) to fit. Off: such a row is rejected with the reason (with tables: its record, whole), and the rest are written.'),
    resumable: z
      .boolean()
      .default(false)
      .describe(
        'Upsert into a database: commit every checkpoint_rows rows and keep a checkpoint in the workspace, so a killed or failed run, run again, resumes after the last committed rows without duplicates. The table then shows the committed part of a failed run; without it, the export is one transaction. With tables: every checkpoint_rows records, each with all its rows and the parents they point at.',
      ),
    checkpoint_rows: z.number().int().min(1).default(50000).describe('resumable: rows per transaction and checkpoint (rounded up to whole batches of batch_size; with tables: records, at least this many per transaction, in whole pages).'),
    tables: z
      .record(z.string().min(1), targetTableSchema)
      .optional()
      .describe(
        'Multi-table migration into a database: table name -> how its rows are derived and linked. Parents are written before the tables that refer to them, all in one transaction, upserted by their keys (a re-run changes nothing). Replaces table, key, columns and unmapped.',
      ),
  })
  .describe('Where records go: exactly one connector key.');

/** One comparison: a comparator's name, or { method, field, term_frequency, ...its options }. */
export const compareEntrySchema = z
  .union([
    z.enum(comparators.map((c) => c.name) as [string, ...string[]]),
    z.discriminatedUnion(
      'method',
      comparators.map((c) =>
        (c.options as unknown as z.ZodObject).extend({
          method: z.literal(c.name).describe(c.description),
          field: z.string().min(1).optional().describe('The field compared, or a normalizer key of it (street.key); defaults to the name of this comparison.'),
          term_frequency: z.boolean().optional().describe('Weigh an exact agreement by how rare the value is (default: on for names, city and company).'),
        }),
      ) as unknown as [z.ZodObject, ...z.ZodObject[]],
    ),
  ])
  .describe(`A comparison: ${comparators.map((c) => c.name).join(', ')}; a name, or { method, field, options }.`);

const blockingRuleSchema = z
  .union([z.string().min(1), z.array(z.string().min(1)).min(1)])
  .describe('Records sharing every key of a rule are compared: "email.key", [company.key, city], "last_name.metaphone + first_name.initial". Keys are fields, normalizer keys (email.key) and transforms (metaphone, soundex, initial, prefix3, last7, digits, year, lower, letters, sorted_words, domain).');

export const dedupeSchema = z
  .strictObject({
    blocking: z.array(blockingRuleSchema).min(1).max(32).describe('Blocking rules, OR-ed: a pair is a candidate when any rule puts both records in one block.'),
    max_block_size: z
      .number()
      .int()
      .min(2)
      .default(2000)
      .describe('A block with more records than this is skipped and reported (a rule that explodes); never cut silently.'),
    compare: z.record(identifier, compareEntrySchema).describe('Comparisons: name -> comparator. Each gives ordered levels; the model weighs each level.'),
    thresholds: z
      .strictObject({
        match: z.number().gt(0).lt(1).default(0.9).describe('Pairs at or above this match probability join one cluster.'),
        review: z.number().gt(0).lt(1).default(0.5).describe('Pairs from here up to the match threshold go to review.'),
        split: z
          .number()
          .gt(0)
          .lt(1)
          .default(0.05)
          .describe('Two records whose own pair scored under this are never glued into one cluster through a chain of other links.'),
      })
      .default({ match: 0.9, review: 0.5, split: 0.05 }),
    u_sample_pairs: z.number().int().min(1000).default(300000).describe('Random record pairs measured for the u-probabilities (chance agreement).'),
    em: z
      .strictObject({
        max_iterations: z.number().int().min(1).default(100),
        tolerance: z.number().gt(0).default(1e-5),
      })
      .default({ max_iterations: 100, tolerance: 1e-5 })
      .describe('Expectation-maximisation of the m-probabilities over the candidate pairs.'),
    seed: z.number().int().default(42).describe('Seed of the random pair sample: the same seed gives the same model.'),
    workers: z.number().int().min(0).max(64).optional().describe('Worker threads comparing pairs; default: one per core, none for small jobs.'),
  })
  .describe('The dedupe stage: blocking, comparisons, an unsupervised Fellegi-Sunter model, clusters.');

/** A survivorship rule as written: `longest`, `most_recent(updated_at)`; checked against the registry by the cross-checks. */
const survivorshipRuleText = z
  .string()
  .regex(/^[a-z_]+(\([a-z_][a-z0-9_]*\))?$/, 'must be a rule name, or a rule with a field in parentheses like most_recent(updated_at)');

export const mergeFieldRuleSchema = z
  .union([
    survivorshipRuleText,
    z.strictObject({
      rule: survivorshipRuleText.describe('The rule that picks this field\'s value.'),
      into: z.array(identifier).optional().describe('union: secondary fields that take the other values, in order (email2, email3).'),
      list: identifier.optional().describe('union: a list column for the values left over (default <field>_others), joined with the separator.'),
      separator: z.string().min(1).default(';').describe('union: separator of the list column.'),
    }),
  ])
  .describe(
    'How a field of the golden record is chosen: master (the surviving record\'s value), most_complete / first_non_empty, most_recent(field), oldest(field), most_frequent, longest, source_priority, max, min, union (keeps every distinct value: into secondary fields and a list column). An empty value never replaces a non-empty one; values normalize flagged lose to valid ones.',
  );

export const mergeSchema = z
  .strictObject({
    survivor: z
      .union([survivorshipRuleText, z.strictObject({ source_priority: z.array(z.string().min(1)).min(1) })])
      .default('most_complete')
      .describe('Which record of a cluster survives (the master): most_complete (weighted share of fields filled), most_recent(field), oldest(field), source_priority (or { source_priority: [crm, legacy_erp, webform] }).'),
    tie_breakers: z
      .array(survivorshipRuleText)
      .default([])
      .describe('Rules that decide between records the survivor rule ranks equal, in order; the record read first wins what is still tied.'),
    weights: z.record(identifier, z.number().min(0)).default({}).describe('most_complete: weight of each field (default 1).'),
    source_field: identifier.default('source').describe('The field naming the system a record came from, for source_priority.'),
    source_priority: z.array(z.string().min(1)).optional().describe('Systems in order of trust (crm, legacy_erp, webform): the first wins; others and unknown ones after.'),
    default: mergeFieldRuleSchema.default('master').describe('The rule of fields merge.fields does not name.'),
    fields: z.record(identifier, mergeFieldRuleSchema).default({}).describe('Per-field rules that override the survivor\'s value.'),
    batch_size: z.number().int().min(1).max(100000).default(500).describe('In-place merge: clusters per database transaction.'),
    in_place: z
      .strictObject({
        table: z.string().min(1).optional().describe('The CRM table holding the records; default the source table.'),
        key: z.string().min(1).optional().describe('Its primary key column; default the source id column.'),
        children: z
          .array(
            z.strictObject({
              table: z.string().min(1).describe('A table whose rows point at a record (deals).'),
              column: z.string().min(1).describe('The column pointing at it (contact_id).'),
              key: z.string().min(1).optional().describe('The child table\'s primary key; default read from the database.'),
            }),
          )
          .default([])
          .describe('Related rows re-pointed to the survivor, besides the foreign keys the database declares.'),
        discover_children: z.boolean().default(true).describe('Also re-point the tables whose foreign keys the database catalog declares on this table.'),
        soft_delete: z
          .strictObject({
            column: z.string().min(1).describe('The flag column (is_deleted, merged).'),
            value: z.union([z.string(), z.number(), z.boolean()]).default(true).describe('The value that marks a merged-away row.'),
          })
          .optional()
          .describe('Mark merged-away rows instead of deleting them.'),
      })
      .default({ children: [], discover_children: true })
      .describe('steward merge --in-place: how the CRM database is changed (survivor updated, related rows re-pointed, duplicates deleted or flagged).'),
  })
  .describe('The merge stage: one golden record per cluster, chosen by survivorship rules, with lineage; in the workspace or in place in the CRM database, with a full undo.');

const thresholdText = z
  .string()
  .regex(/^\s*(>=|<=|>|<|==)\s*\d+(\.\d+)?\s*%?\s*$/, 'must be a comparison and a number, a share like ">= 95%" or "<= 2%", or a count like ">= 100"');

const severitySchema = z.enum(['warn', 'fail']).describe('fail: a breach fails the audit (exit code 1); warn: it is reported only.');

/** A check's threshold, alone or with its own severity. */
const checkSchema = z
  .union([thresholdText, z.strictObject({ threshold: thresholdText, severity: severitySchema.optional() })])
  .describe('A threshold (">= 95%", "<= 2%", ">= 100"), or { threshold, severity }.');

export const auditFieldSchema = z
  .strictObject({
    completeness: checkSchema.optional().describe('Share of records with a value (empty, whitespace and placeholders count as empty).'),
    validity: checkSchema.optional().describe('Share of filled values that are valid: not flagged by a normalizer, and passing pattern, accepted_values, min, max and length.'),
    unique: checkSchema.optional().describe('Duplicate rate: share of filled values that repeat an earlier record\'s value ("<= 1%").'),
    pattern: z.string().min(1).optional().describe('A regular expression a valid value matches (JavaScript syntax; on a database the database\'s own).'),
    accepted_values: z.array(z.string()).min(1).optional().describe('The values allowed (compared trimmed, ignoring case).'),
    min: z.union([z.number(), z.string()]).optional().describe('Smallest valid value: a number, or text such as an ISO date compared as text.'),
    max: z.union([z.number(), z.string()]).optional().describe('Largest valid value.'),
    length: z
      .strictObject({ min: z.number().int().min(0).optional(), max: z.number().int().min(0).optional() })
      .optional()
      .describe('Length bounds of a valid value, in characters.'),
    references: z
      .strictObject({
        file: z.string().min(1).optional().describe('A CSV file holding the allowed values (relative to this rule file).'),
        table: z.string().min(1).optional().describe('A table holding them: in the audited database (--db), else in the database of `db`.'),
        db: z.string().min(1).optional().describe('Connection string or SQLite file of that table, when the audit does not run on a database.'),
        column: z.string().min(1).describe('The column of the allowed values (companies.id).'),
        threshold: checkSchema.default('>= 100%').describe('Share of filled values found there.'),
      })
      .optional()
      .describe('Values that must exist in another table or file (contacts.company_id -> companies.id).'),
    severity: severitySchema.default('fail'),
  })
  .describe('The checks of one field.');

export const auditSchema = z
  .strictObject({
    placeholders: z
      .array(z.string())
      .default([])
      .describe('Values that count as empty, besides the defaults (N/A, n/a, -, unknown, null, none, TBD, 000-000-0000, test@test.com, asdf, …); compared trimmed, ignoring case.'),
    default_placeholders: z.boolean().default(true).describe('Count the default placeholders as empty.'),
    samples: z.number().int().min(0).max(1000).default(5).describe('Record ids shown per failing check.'),
    fields: z.record(identifier, auditFieldSchema).default({}).describe('Per-field checks: field -> { completeness, validity, unique, … }.'),
    record: z
      .strictObject({
        weights: z.record(identifier, z.number().min(0)).optional().describe('Weight of each field in a record\'s score (important fields weigh more); default 1 for every audited field.'),
        floor: z
          .string()
          .regex(/^\s*\d+(\.\d+)?\s*%\s*$/, 'must be a percentage like "60%"')
          .default('50%')
          .describe('A record scoring under this is incomplete.'),
        completeness: checkSchema.optional().describe('The mean record score (">= 80%").'),
        below_floor: checkSchema.optional().describe('Share of records under the floor ("<= 10%").'),
        severity: severitySchema.default('fail'),
      })
      .optional()
      .describe('Record completeness: a weighted score per record, its distribution and the share under a floor.'),
    freshness: z
      .strictObject({
        field: identifier.describe('A date field (updated_at).'),
        stale_after_days: z.number().int().min(1).default(365).describe('A record whose date is older than this is stale.'),
        stale: checkSchema.optional().describe('Share of dated records that are stale ("<= 20%").'),
        newest: checkSchema.optional().describe('Age in days of the newest record ("<= 30").'),
        severity: severitySchema.default('fail'),
      })
      .optional()
      .describe('Freshness by a date field: age of the newest record and the share of stale ones.'),
    rows: checkSchema.optional().describe('Bounds on the number of records (">= 100").'),
    duplicates: checkSchema.optional().describe('Duplicate rate found by the dedupe stage, when it ran ("<= 5%"): records merged away / records.'),
  })
  .describe('The completeness audit: checks with thresholds and severities; exit code 1 when a fail check breaks.');

export const rulesSchema = z
  .strictObject({
    $schema: z.string().optional().describe('Path or URL of the JSON Schema, for editors.'),
    job: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'must be letters, digits, _ . or -').describe('Name of the job; names the workspace file.'),
    description: z.string().optional(),
    extends: z.string().optional().describe('A shipped rule file (contacts) or a path to start from; this file overrides it.'),
    workspace: z.string().optional().describe('Workspace SQLite file; default .steward/<job>.db beside the rule file.'),
    source: sourceSchema.optional(),
    fields: z.record(identifier, fieldEntry).default({}).describe('Canonical fields: name -> { from, required } or just the source column(s).'),
    dedupe: dedupeSchema.optional(),
    merge: mergeSchema.optional(),
    audit: auditSchema.optional(),
    target: targetSchema.optional(),
  })
  .describe('A steward rule file.');

export type RulesInput = z.input<typeof rulesSchema>;
export type RulesParsed = z.output<typeof rulesSchema>;
export type SourceRules = z.output<typeof sourceSchema>;
export type TargetRules = z.output<typeof targetSchema>;
export type TargetTableRules = z.output<typeof targetTableSchema>;
export type DedupeRules = z.output<typeof dedupeSchema>;
export type AuditRules = z.output<typeof auditSchema>;
export type AuditFieldRules = z.output<typeof auditFieldSchema>;
export type MergeRules = z.output<typeof mergeSchema>;
export type MergeFieldRule = z.output<typeof mergeFieldRuleSchema>;
