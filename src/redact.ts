/** Passwords never appear in output: every connection string shown to a person goes through here. */
export function redactUrl(value: string): string {
  return value.replace(/^([a-z][a-z0-9+.-]*:\/\/)([^:@/\s]*):([^@/\s]*)@/i, (_m, scheme: string, user: string) => `${scheme}${user}:***@`);
}

/** Remove any of the given secrets from a message (for driver errors that echo their input). */
export function redactSecrets(message: string, secrets: readonly string[]): string {
  let out = message;
  for (const secret of secrets) {
    if (secret.length >= 3) out = out.split(secret).join('***');
  }
  return redactUrl(out);
}

/** The password part of a URL, if any, so it can be scrubbed from driver messages. */
export function urlPassword(value: string): string | undefined {
  const match = /^[a-z][a-z0-9+.-]*:\/\/[^:@/\s]*:([^@/\s]*)@/i.exec(value);
  if (!match?.[1]) return undefined;
  try {
    return decodeURIComponent(match[1]);
  } catch {
    return match[1];
  }
}
