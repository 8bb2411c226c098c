import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import type { NormalizerDefinition } from './types.js';

export interface MapOptions {
  readonly values?: Readonly<Record<string, string>> | undefined;
  readonly file?: string | undefined;
  readonly case_sensitive: boolean;
  readonly unmatched: 'keep' | 'flag';
}

/** A site-specific lookup: `{ map: { values: { "N/A": "", Mgr: Manager } } }` or a two-column CSV file (from,to). */
export const mapNormalizer: NormalizerDefinition<MapOptions> = {
  name: 'map',
  description: 'Replace values through a lookup table written in the rule file (values) or a two-column CSV file (file: from,to).',
  options: z.strictObject({
    values: z.record(z.string(), z.string()).optional().describe('from -> to, written in the rule file.'),
    file: z.string().optional().describe('A CSV file with two columns (from, to), relative to the rule file.'),
    case_sensitive: z.boolean().default(false).describe('Match the from side exactly, case included.'),
    unmatched: z.enum(['keep', 'flag']).default('keep').describe('What to do with a value the table does not have.'),
  }),
  check(options, { dir }) {
    if (!options.file) return [];
    const file = path.resolve(dir, options.file);
    try {
      readTable(file);
      return [];
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const why =
        code === 'ENOENT' ? 'does not exist' : code === 'EISDIR' ? 'is a folder, not a CSV file' : code === 'EACCES' ? 'cannot be read (permission denied)' : `is not a readable CSV file (${(error as Error).message.split('\n')[0]})`;
      return [{ path: ['file'], message: `the map file ${JSON.stringify(options.file)} ${why}; give a CSV file with two columns (from,to), relative to the rule file` }];
    }
  },
  create(options) {
    const fold = options.case_sensitive ? (v: string) => v.trim() : (v: string) => v.trim().toLowerCase();
    const table = new Map<string, string>();
    if (options.file) {
      const rows = readTable(options.file);
      for (const [from, to] of rows) if (from !== undefined && to !== undefined) table.set(fold(from), to);
    }
    for (const [from, to] of Object.entries(options.values ?? {})) table.set(fold(from), to);
    return (input) => {
      const mapped = table.get(fold(input));
      if (mapped !== undefined) return { value: mapped };
      return options.unmatched === 'flag' ? { value: input, flags: [{ code: 'unmapped_value', reason: `${JSON.stringify(input)} is not in the map` }] } : { value: input };
    };
  },
};

function readTable(file: string): string[][] {
  return parse(readFileSync(file), { bom: true, relax_column_count: true, skip_empty_lines: true }) as string[][];
}
