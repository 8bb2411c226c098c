import type { Threshold } from './types.js';

/** Parses ">= 95%" (a share, 0.95) or "<= 10" (a count); the schema has checked the shape. */
export function parseThreshold(text: string): Threshold {
  const match = /^\s*(>=|<=|>|<|==)\s*(\d+(?:\.\d+)?)\s*(%?)\s*$/.exec(text);
  if (!match) throw new RangeError(`not a threshold: ${JSON.stringify(text)}`);
  const percent = match[3] === '%';
  const number = Number(match[2]);
  return { op: match[1] as Threshold['op'], value: percent ? number / 100 : number, percent, text: text.trim() };
}

/** Whether a value meets the threshold. Shares are compared at a precision of 1e-9 (95% of 20 is 19 exactly). */
export function meets(value: number, threshold: Threshold): boolean {
  const t = threshold.value;
  const eps = 1e-9;
  switch (threshold.op) {
    case '>=':
      return value >= t - eps;
    case '>':
      return value > t + eps;
    case '<=':
      return value <= t + eps;
    case '<':
      return value < t - eps;
    case '==':
      return Math.abs(value - t) <= eps;
  }
}

/** A share as a percentage with one decimal (95.3%), a count with thousands separators. */
export function formatValue(value: number, share: boolean): string {
  if (share) return `${(Math.round(value * 1000) / 10).toFixed(1)}%`;
  return Number.isInteger(value) ? value.toLocaleString('en-US') : value.toFixed(1);
}
