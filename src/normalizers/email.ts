import { z } from 'zod';
import type { Flag, NormalizerDefinition } from './types.js';
import { defaultTextCleaner } from './text.js';
import { createMemo } from './memo.js';

// Local part: the dot-atom of RFC 5322, with UTF-8 allowed (RFC 6531); quoted local parts are too rare in CRMs to accept unflagged.
const LOCAL = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~\u0080-\uFFFF-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~\u0080-\uFFFF-]+)*$/;
const DOMAIN = /^(?=.{1,253}$)([A-Za-z0-9\u00C0-\uFFFF](?:[A-Za-z0-9\u00C0-\uFFFF-]{0,61}[A-Za-z0-9\u00C0-\uFFFF])?\.)+[A-Za-z\u00C0-\uFFFF]{2,63}$/;

/** Misspelt provider domains seen in real CRM data -> the intended domain. */
const DOMAIN_TYPOS: Record<string, string> = {
  'gmial.com': 'gmail.com', 'gmai.com': 'gmail.com', 'gmal.com': 'gmail.com', 'gamil.com': 'gmail.com', 'gnail.com': 'gmail.com',
  'gmail.co': 'gmail.com', 'gmail.con': 'gmail.com', 'gmail.cm': 'gmail.com', 'gmaill.com': 'gmail.com', 'gmail.om': 'gmail.com', 'gmaul.com': 'gmail.com',
  'hotmial.com': 'hotmail.com', 'hotmal.com': 'hotmail.com', 'hotmai.com': 'hotmail.com', 'hotamil.com': 'hotmail.com', 'hotmail.co': 'hotmail.com',
  'hotmail.con': 'hotmail.com', 'hormail.com': 'hotmail.com', 'homail.com': 'hotmail.com',
  'yaho.com': 'yahoo.com', 'yahooo.com': 'yahoo.com', 'yhoo.com': 'yahoo.com', 'yahoo.co': 'yahoo.com', 'yahoo.con': 'yahoo.com', 'yaoo.com': 'yahoo.com',
  'outlok.com': 'outlook.com', 'outloo.com': 'outlook.com', 'outlook.co': 'outlook.com', 'otlook.com': 'outlook.com',
  'iclod.com': 'icloud.com', 'icloud.co': 'icloud.com', 'icoud.com': 'icloud.com',
  'aol.co': 'aol.com', 'aoll.com': 'aol.com',
  'web.de.de': 'web.de', 'gmx.dee': 'gmx.de', 'qq.con': 'qq.com', '163.con': '163.com',
};

/** Providers that ignore dots in the local part, and their canonical domain. */
const DOTLESS: Record<string, string> = { 'gmail.com': 'gmail.com', 'googlemail.com': 'gmail.com' };

export interface EmailOptions {
  readonly lowercase_local: boolean;
}

export const emailNormalizer: NormalizerDefinition<EmailOptions> = {
  name: 'email',
  description: 'Trim and lower-case an email address, check its syntax, flag misspelt provider domains, and add a match key (email.key).',
  keys: ['key'],
  options: z.strictObject({
    lowercase_local: z.boolean().default(true).describe('Lower-case the part before @ too (almost every mail server ignores its case).'),
  }),
  create(options) {
    // Domains repeat (a few providers and employers): check each one's syntax once.
    const domains = createMemo<boolean>(10_000);
    const validDomain = (domain: string): boolean => {
      let valid = domains.get(domain);
      if (valid === undefined) {
        valid = DOMAIN.test(domain);
        domains.set(domain, valid);
      }
      return valid;
    };
    return (input) => {
      let value = defaultTextCleaner(input).replace(/^mailto:/i, '').replace(/^<(.*)>$/, '$1');
      const at = value.lastIndexOf('@');
      if (at <= 0 || at === value.length - 1 || /\s/.test(value)) {
        return { value: input, flags: [{ code: 'invalid_email', reason: `not an email address: ${JSON.stringify(input)}` }] };
      }
      const local = options.lowercase_local ? value.slice(0, at).toLowerCase() : value.slice(0, at);
      const domain = value.slice(at + 1).toLowerCase().replace(/\.$/, '');
      value = `${local}@${domain}`;
      if (!LOCAL.test(local) || local.length > 64 || !validDomain(domain)) {
        return { value: input, flags: [{ code: 'invalid_email', reason: `not a valid email address: ${JSON.stringify(input)}` }] };
      }
      const flags: Flag[] = [];
      const intended = DOMAIN_TYPOS[domain];
      if (intended) flags.push({ code: 'email_domain_typo', reason: `"${domain}" looks like a typo; did you mean ${local}@${intended}?` });
      const plus = local.indexOf('+');
      let keyLocal = (plus > 0 ? local.slice(0, plus) : local).toLowerCase();
      const canonical = DOTLESS[domain];
      if (canonical) keyLocal = keyLocal.replace(/\./g, '');
      const key = `${keyLocal}@${canonical ?? intended ?? domain}`;
      return flags.length > 0 ? { value, flags, keys: { key } } : { value, keys: { key } };
    };
  },
};
