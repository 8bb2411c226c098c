import { InputError } from '../../errors.js';
import type { Profile } from '../types.js';
import { renderProfileHtml } from './html.js';
import { renderProfileJson } from './json.js';
import { renderProfileTable } from './table.js';

/** A way to show a profile: a pure function from the profile to text. */
export interface ProfileReporter {
  readonly name: string;
  readonly description: string;
  render(profile: Profile): string;
}

/** Every profile reporter, one line each. */
export const profileReporters = {
  table: { name: 'table', description: 'text for a terminal', render: renderProfileTable },
  json: { name: 'json', description: 'JSON for machines', render: renderProfileJson },
  html: { name: 'html', description: 'one self-contained HTML page with a fill and a validity bar per column', render: renderProfileHtml },
} as const satisfies Readonly<Record<string, ProfileReporter>>;

export function getProfileReporter(name: string): ProfileReporter {
  if (!Object.hasOwn(profileReporters, name)) throw new InputError('BAD_FLAG', `unknown format "${name}"; allowed: ${Object.keys(profileReporters).join(', ')}`);
  return profileReporters[name as keyof typeof profileReporters];
}
