import type { Profile } from '../types.js';

/** The profile as JSON for machines: every figure, shares as numbers 0..1. */
export function renderProfileJson(profile: Profile): string {
  return `${JSON.stringify(profile, null, 2)}\n`;
}
