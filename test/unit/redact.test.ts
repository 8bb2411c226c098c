import { describe, expect, test } from 'vitest';
import { redactSecrets, redactUrl, urlPassword } from '../../src/redact.js';

describe('redaction', () => {
  test('passwords in connection strings are replaced', () => {
    expect(redactUrl('postgres://crm:s3cr%40t@db.local:5432/crm')).toBe('postgres://crm:***@db.local:5432/crm');
    expect(redactUrl('postgres://crm@db.local/crm')).toBe('postgres://crm@db.local/crm');
    expect(urlPassword('postgres://crm:s3cr%40t@db/crm')).toBe('s3cr@t');
  });
  test('secrets are scrubbed from any message', () => {
    expect(redactSecrets('password authentication failed for hunter22 at postgres://u:hunter22@h/d', ['hunter22'])).toBe(
      'password authentication failed for *** at postgres://u:***@h/d',
    );
  });
});
