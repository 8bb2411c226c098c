import type { AuditRules } from '../rules/schema.js';
import { addSample, ageInDays, auditedFields, binOf, BINS, createValueRules, emptyTally, floorOf, recordWeights, type AuditFigures } from './figures.js';

/** A record as the audit sees it: its id, its (normalized) values, and the fields a normalizer flagged invalid. */
export interface AuditRecord {
  readonly id: string;
  readonly values: Readonly<Record<string, string | null | undefined>>;
  readonly invalid: ReadonlySet<string>;
}

export interface CollectOptions {
  readonly isEmpty: (value: string | null | undefined) => boolean;
  /** Canonical fields, audited when the rule file names none. */
  readonly fields: readonly string[];
  /** Allowed values of fields with `references`, loaded beforehand. */
  readonly references: ReadonlyMap<string, ReadonlySet<string>>;
  readonly now: Date;
}

/** Counts every figure of an audit in one pass over the records (a file or the workspace, page by page). */
export async function collectFromRecords(rules: AuditRules, pages: AsyncIterable<readonly AuditRecord[]>, options: CollectOptions): Promise<AuditFigures> {
  const limit = rules.samples;
  const fields = auditedFields(rules, options.fields);
  const figures: AuditFigures = { records: 0, fields: Object.fromEntries(fields.map((f) => [f, emptyTally()])), notes: [] };
  const weights = rules.record ? recordWeights(rules, options.fields) : [];
  const totalWeight = weights.reduce((s, [, w]) => s + w, 0);
  const floor = floorOf(rules);
  const record = rules.record ? { mean: 0, bins: new Array<number>(BINS).fill(0), belowFloor: 0, belowSamples: [] as string[] } : undefined;
  let scoreSum = 0;
  const fresh = rules.freshness;
  const freshness = fresh ? { dated: 0, stale: 0, newestAgeDays: null as number | null, staleSamples: [] as string[] } : undefined;
  // Per record, which audited fields are filled (by position), reused from record to record.
  const filledNow = new Uint8Array(fields.length);
  const weighted = weights.map(([field, weight]) => ({ field, weight, at: fields.indexOf(field) }));
  // Everything a field needs, by position: no map lookups per record.
  const tallies = fields.map((f) => figures.fields[f]!);
  const declaredRules = fields.map((f) => createValueRules(rules.fields[f]));
  const seenSets = fields.map((f) => (rules.fields[f]?.unique !== undefined ? new Set<string>() : undefined));
  const allowedSets = fields.map((f) => options.references.get(f));
  for await (const page of pages) {
    for (const r of page) {
      figures.records++;
      filledNow.fill(0);
      const invalid = r.invalid;
      for (let f = 0; f < fields.length; f++) {
        const tally = tallies[f]!;
        const raw = r.values[fields[f]!];
        if (options.isEmpty(raw)) {
          if (tally.emptySamples.length < limit) tally.emptySamples.push(r.id);
          continue;
        }
        const value = raw!.trim();
        filledNow[f] = 1;
        tally.filled++;
        const declared = declaredRules[f];
        if ((invalid.size === 0 || !invalid.has(fields[f]!)) && (!declared || declared(value))) tally.valid++;
        else addSample(tally.invalidSamples, r.id, limit);
        const values = seenSets[f];
        if (values) {
          if (values.has(value)) {
            tally.duplicates++;
            addSample(tally.duplicateSamples, r.id, limit);
          } else values.add(value);
        }
        const allowed = allowedSets[f];
        if (allowed) {
          if (allowed.has(value)) tally.referenced++;
          else addSample(tally.unreferencedSamples, r.id, limit);
        }
      }
      if (record) {
        let score = 0;
        for (const w of weighted) if (w.at >= 0 ? filledNow[w.at] === 1 : !options.isEmpty(r.values[w.field])) score += w.weight;
        const share = totalWeight > 0 ? score / totalWeight : 1;
        scoreSum += share;
        record.bins[binOf(share)]!++;
        if (share < floor - 1e-9) {
          record.belowFloor++;
          addSample(record.belowSamples, r.id, limit);
        }
      }
      if (fresh && freshness) {
        const raw = r.values[fresh.field];
        const age = options.isEmpty(raw) ? undefined : ageInDays(raw!.trim(), options.now);
        if (age !== undefined) {
          freshness.dated++;
          if (freshness.newestAgeDays === null || age < freshness.newestAgeDays) freshness.newestAgeDays = age;
          if (age > fresh.stale_after_days) {
            freshness.stale++;
            addSample(freshness.staleSamples, r.id, limit);
          }
        }
      }
    }
  }
  if (record) {
    record.mean = figures.records > 0 ? scoreSum / figures.records : 0;
    figures.record = record;
  }
  figures.freshness = freshness;
  return figures;
}
