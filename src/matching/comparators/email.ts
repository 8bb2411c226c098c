import { z } from 'zod';
import { NULL_LEVEL, type ComparatorDefinition, type ComparisonLevel } from '../types.js';
import { jaroWinkler } from '../similarity/jaro-winkler.js';
import { elseLevel, exactLevel, jaroWinklerLevel, present, similarityThresholds } from './levels.js';

const options = z.strictObject({ thresholds: similarityThresholds([0.92], 'Jaro-Winkler similarity of the whole address') });
export type EmailOptions = z.infer<typeof options>;

function localPart(address: string): string | undefined {
  const at = address.lastIndexOf('@');
  return at > 0 ? address.slice(0, at) : undefined;
}

export const emailComparator: ComparatorDefinition<EmailOptions> = {
  name: 'email',
  description: "Email addresses: the same address, the same match key from the email normalizer (<field>.key: +tags and Gmail dots ignored), the same part before @, or a typo apart.",
  options,
  create({ thresholds }, field, name) {
    const keyField = `${field}.key`;
    const levels: ComparisonLevel[] = [
      exactLevel,
      { label: 'same match key', description: 'are one mailbox written two ways (+tags, Gmail dots or a misspelt provider ignored)' },
      { label: 'same local part', description: 'have the same part before @, at different domains' },
      ...thresholds.map((t) => jaroWinklerLevel(t, ' on the whole address')),
      elseLevel,
    ];
    const last = levels.length - 1;
    return {
      name,
      method: 'email',
      reads: [field, keyField],
      levels,
      compare(a, b) {
        const va = a[field];
        const vb = b[field];
        if (!present(va) || !present(vb)) return NULL_LEVEL;
        if (va === vb) return 0;
        // Mail servers ignore the case of the domain and, in practice, of the local part.
        const la = va.toLowerCase();
        const lb = vb.toLowerCase();
        if (la === lb) return 0;
        const ka = a[keyField];
        if (present(ka) && ka === b[keyField]) return 1;
        const pa = localPart(la);
        if (pa !== undefined && pa === localPart(lb)) return 2;
        const similarity = jaroWinkler(la, lb);
        for (let i = 0; i < thresholds.length; i++) if (similarity >= thresholds[i]!) return i + 3;
        return last;
      },
      termValue: (record) => record[field]?.toLowerCase() || undefined,
    };
  },
};
