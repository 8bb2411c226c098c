/**
 * Passwords never appear in output: every connection string shown to a person goes through here.
 * Handles user:password@ (the password may itself hold "@"), and password=… in the query string.
 */
export function redactUrl(value: string): string {
  return value.replace(/\b([a-z][a-z0-9+.-]*:\/\/)([^\s]*)/gi, (_all, scheme: string, rest: string) => {
    let out = rest;
    const slash = out.search(/[/?#]/);
    const authority = slash === -1 ? out : out.slice(0, slash);
    const at = authority.lastIndexOf('@');
    if (at !== -1) {
      const userInfo = authority.slice(0, at);
      const colon = userInfo.indexOf(':');
      if (colon !== -1) out = `${userInfo.slice(0, colon)}:***${out.slice(at)}`;
    }
    out = out.replace(/([?&](?:password|passwd|pwd|sslpassword)=)[^&#\s]*/gi, '$1***');
    return scheme + out;
  });
}

/** Remove any of the given secrets from a message (for driver errors that echo their input). */
export function redactSecrets(message: string, secrets: readonly string[]): string {
  let out = message;
  for (const secret of secrets) {
    if (secret.length >= 3) out = out.split(secret).join('***');
  }
  return redactUrl(out);
}

/** The password of a connection URL (user info or ?password=), if any, so it can be scrubbed from driver messages. */
export function urlPassword(value: string): string | undefined {
  const match = /^[a-z][a-z0-9+.-]*:\/\/([^/?#\s]*)@/i.exec(value);
  const userInfo = match?.[1];
  const colon = userInfo?.indexOf(':') ?? -1;
  const raw = userInfo && colon !== -1 ? userInfo.slice(colon + 1) : /[?&]password=([^&#\s]*)/i.exec(value)?.[1];
  if (!raw) return undefined;
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}
