import { masterRule } from './master.js';
import { firstNonEmptyRule, mostCompleteRule } from './most-complete.js';
import { mostRecentRule, oldestRule } from './most-recent.js';
import { sourcePriorityRule } from './source-priority.js';
import { longestRule, maxRule, minRule, mostFrequentRule } from './value-rules.js';
import { unionRule } from './union.js';
import type { RuleCall, SurvivorshipRule } from './types.js';

/** Every survivorship rule, one line each. */
export const survivorshipRules: readonly SurvivorshipRule[] = [
  masterRule,
  mostCompleteRule,
  firstNonEmptyRule,
  mostRecentRule,
  oldestRule,
  mostFrequentRule,
  longestRule,
  sourcePriorityRule,
  maxRule,
  minRule,
  unionRule,
];

export function getSurvivorshipRule(name: string): SurvivorshipRule {
  const found = survivorshipRules.find((r) => r.name === name);
  if (!found) throw new Error(`unknown survivorship rule ${name}`);
  return found;
}

/** `most_recent(updated_at)` -> { name, argument }. */
export function parseRuleCall(text: string): RuleCall {
  const match = /^([a-z_]+)(?:\(([a-z_][a-z0-9_]*)\))?$/.exec(text.trim());
  return match ? { name: match[1]!, argument: match[2], text: text.trim() } : { name: text.trim(), text: text.trim() };
}

/** What is wrong with a rule as written, or undefined: unknown name, a missing or unexpected field, a field-only rule used for records. */
export function ruleCallProblem(call: RuleCall, use: 'field' | 'record'): string | undefined {
  const rule = survivorshipRules.find((r) => r.name === call.name);
  const allowed = survivorshipRules.filter((r) => use === 'field' || r.ranksRecords).map((r) => (r.needsField ? `${r.name}(field)` : r.name));
  if (!rule) return `unknown rule "${call.text}"; allowed: ${allowed.join(', ')}`;
  if (use === 'record' && !rule.ranksRecords) return `"${call.name}" chooses a field's value, not a surviving record; allowed here: ${allowed.join(', ')}`;
  if (rule.needsField && !call.argument) return `"${call.name}" needs the field it reads, like ${call.name}(updated_at)`;
  if (!rule.needsField && call.argument) return `"${call.name}" takes no field; write ${call.name}`;
  return undefined;
}
