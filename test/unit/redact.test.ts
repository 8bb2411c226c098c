import { describe, expect, test } from 'vitest';
import { redactSecrets, redactUrl, urlPassword } from '../../src/redact.js';

describe('redaction', () => {
  test.each([
    ['postgres://crm:s3cr%40t@db.local:5432/crm', 'postgres://crm:***@db.local:5432/crm'],
    ['postgres://crm@db.local/crm', 'postgres://crm@db.local/crm'],
    ['postgres://u:hun@ter2@h/db', 'postgres://u:***@h/db'],
    ['postgres://u@h/db?password=hunter2#t', 'postgres://u@h/db?password=***#t'],
    ['postgres://u@h/db?sslmode=require&password=hunter2', 'postgres://u@h/db?sslmode=require&password=***'],
    ['postgress://postgres:hunter2@127.0.0.1/db#t', 'postgress://postgres:***@127.0.0.1/db#t'],
    ['cannot connect to mysql://root:pw@h/db: refused', 'cannot connect to mysql://root:***@h/db: refused'],
    ['/path/to/file.csv', '/path/to/file.csv'],
  ])('%s -> %s', (input, expected) => {
    expect(redactUrl(input)).toBe(expected);
  });

  test('the password of a URL, for scrubbing driver messages', () => {
    expect(urlPassword('postgres://crm:s3cr%40t@db/crm')).toBe('s3cr@t');
    expect(urlPassword('postgres://u@h/db?password=hunter2')).toBe('hunter2');
    expect(urlPassword('postgres://u@h/db')).toBeUndefined();
  });

  test('secrets are scrubbed from any message', () => {
    expect(redactSecrets('password authentication failed for hunter22 at postgres://u:hunter22@h/d', ['hunter22'])).toBe(
      'password authentication failed for *** at postgres://u:***@h/d',
    );
  });
});
