import type { ResolvedField } from '../../rules/resolved.js';

/** Header spellings compare ignoring case, width, whitespace and punctuation: "E-mail" = "email" = "ＥＭＡＩＬ". */
export function foldHeader(header: string): string {
  return header.normalize('NFKC').toLowerCase().replace(/[\s\-_.\/:#()[\]'"’`,;|]+/g, '');
}

export interface FieldColumns {
  readonly name: string;
  readonly required: boolean;
  /** Indexes of the source columns mapped to this field, best spelling first. */
  readonly columns: number[];
}

/**
 * Maps source columns to canonical fields. A column goes to the first field (in rule order) that names
 * it; a field takes every column it names, best spelling first. Columns can be added later (JSONL).
 */
export class ColumnMapper {
  readonly fields: FieldColumns[];
  private readonly ranks: Map<number, number>[];
  private readonly claimed = new Set<number>();
  private readonly spellings: Map<string, { field: number; rank: number }>;
  private seen = 0;
  idColumn = -1;

  constructor(
    fields: readonly ResolvedField[],
    private readonly idCandidates: readonly string[],
  ) {
    this.fields = fields.map((f) => ({ name: f.name, required: f.required, columns: [] }));
    this.ranks = fields.map(() => new Map());
    this.spellings = new Map();
    // The job's own mappings first, then the inherited ones: a spelling goes to the first field that names it.
    const claimOrder = [...fields.keys()].sort((a, b) => Number(fields[b]!.explicit ?? false) - Number(fields[a]!.explicit ?? false) || a - b);
    for (const fieldIndex of claimOrder) {
      fields[fieldIndex]!.from.forEach((spelling, rank) => {
        const key = foldHeader(spelling);
        if (key !== '' && !this.spellings.has(key)) this.spellings.set(key, { field: fieldIndex, rank });
      });
    }
  }

  /** Maps any columns not seen before. */
  update(columns: readonly string[]): void {
    if (this.seen >= columns.length) return;
    if (this.idColumn === -1) {
      for (const candidate of this.idCandidates) {
        const index = columns.findIndex((c) => foldHeader(c) === foldHeader(candidate));
        if (index !== -1) {
          this.idColumn = index;
          this.claimed.add(index);
          break;
        }
      }
    }
    for (let index = this.seen; index < columns.length; index++) {
      if (this.claimed.has(index)) continue;
      const hit = this.spellings.get(foldHeader(columns[index]!));
      if (!hit) continue;
      this.claimed.add(index);
      this.ranks[hit.field]!.set(index, hit.rank);
      const field = this.fields[hit.field]!;
      field.columns.push(index);
      field.columns.sort((a, b) => this.ranks[hit.field]!.get(a)! - this.ranks[hit.field]!.get(b)! || a - b);
    }
    this.seen = columns.length;
  }

  /** Fields that found at least one column, in rule order. */
  mappedFields(): FieldColumns[] {
    return this.fields.filter((f) => f.columns.length > 0);
  }

  unmappedColumns(columnCount: number): number[] {
    const out: number[] = [];
    for (let i = 0; i < columnCount; i++) if (!this.claimed.has(i)) out.push(i);
    return out;
  }

  /** field -> the source column names it was mapped from (for the workspace and the summary). */
  describe(columns: readonly string[]): Record<string, string[]> {
    return Object.fromEntries(this.mappedFields().map((f) => [f.name, f.columns.map((i) => columns[i]!)]));
  }
}
