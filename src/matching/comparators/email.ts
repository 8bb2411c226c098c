import { z } from 'zod';
import { NULL_LEVEL, type ComparatorDefinition, type ComparisonLevel } from '../types.js';
import { jaroWinkler, jaroWinklerBound } from '../similarity/jaro-winkler.js';
import { elseLevel, exactLevel, jaroWinklerLevel, present, similarityThresholds } from './levels.js';

const options = z.strictObject({ thresholds: similarityThresholds([0.92], 'Jaro-Winkler similarity of the whole address') });
export type EmailOptions = z.infer<typeof options>;

/** Lower case, without a copy when there is nothing to lower (the email normalizer already lowers). */
function lower(value: string): string {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if ((code >= 65 && code <= 90) || code > 127) return value.toLowerCase();
  }
  return value;
}

/** Whether both addresses have a part before @ and it is the same. */
function sameLocalPart(a: string, b: string): boolean {
  const at = a.lastIndexOf('@');
  if (at <= 0 || b.lastIndexOf('@') !== at) return false;
  for (let i = 0; i < at; i++) if (a.charCodeAt(i) !== b.charCodeAt(i)) return false;
  return true;
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
    const lowest = thresholds.length > 0 ? thresholds[thresholds.length - 1]! : Infinity;
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
        const la = lower(va);
        const lb = lower(vb);
        if (la === lb) return 0;
        const ka = a[keyField];
        if (present(ka) && ka === b[keyField]) return 1;
        if (sameLocalPart(la, lb)) return 2;
        if (jaroWinklerBound(la.length, lb.length) < lowest) return last;
        const similarity = jaroWinkler(la, lb);
        for (let i = 0; i < thresholds.length; i++) if (similarity >= thresholds[i]!) return i + 3;
        return last;
      },
      termValue: (record) => {
        const value = record[field];
        return present(value) ? lower(value) : undefined;
      },
    };
  },
};
