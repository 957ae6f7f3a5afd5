// Does a variable, label, option or flag name say it holds a secret? Names are split into words
// (snake, kebab, dotted and camelCase), so "passport" or "TOKENIZER" never match, and a trailing
// word that makes the name a setting about a secret (PASSWORD_MIN_LENGTH, TOKEN_TTL_SECONDS,
// DB_PASSWORD_FILE, SECRET_ARN) turns it into a non-secret.

/** Single words that name a secret. */
const SECRET_WORDS = new Set([
  'password', 'passwd', 'pwd', 'pass', 'passphrase', 'secret', 'token', 'apikey', 'credential', 'credentials',
  'creds', 'privatekey', 'accesskey', 'secretkey', 'authtoken', 'bearer', 'dsn',
]);

/** Two-word names of secrets: "<first> <second>". */
const SECRET_PAIRS = new Set([
  'api key', 'access key', 'secret key', 'private key', 'signing key', 'encryption key', 'master key', 'client secret',
  'session key', 'auth key', 'app key', 'account key', 'shared key', 'license key', 'consumer secret', 'webhook secret',
  'basic auth', 'auth string', 'access secret',
]);

/**
 * Words that, after the secret word, make the name a setting, a reference or a label rather than
 * the secret itself.
 */
const SETTING_WORDS = new Set([
  'length', 'len', 'min', 'max', 'minimum', 'maximum', 'ttl', 'seconds', 'secs', 'sec', 'minutes', 'mins', 'hours',
  'days', 'ms', 'millis', 'timeout', 'expiry', 'expires', 'expire', 'expiration', 'lifetime', 'duration', 'interval',
  'age', 'validity', 'enabled', 'enable', 'disabled', 'disable', 'required', 'require', 'policy', 'policies', 'rotation',
  'rotate', 'count', 'size', 'type', 'mode', 'format', 'prefix', 'suffix', 'id', 'ids', 'arn', 'name', 'names', 'path',
  'file', 'dir', 'directory', 'param', 'parameter', 'url', 'uri', 'endpoint', 'host', 'port', 'header', 'field',
  'algorithm', 'alg', 'hash', 'location', 'source', 'provider', 'store', 'backend', 'manager', 'version', 'ref',
  'reference', 'env', 'var', 'variable', 'label', 'regex', 'pattern', 'complexity', 'strength', 'history', 'retries',
  'attempts', 'reset', 'audience', 'issuer', 'scope', 'scopes', 'user', 'username', 'login', 'email', 'owner', 'mount',
  'kms', 'region', 'bucket', 'table', 'queue', 'topic', 'key', 'keyid', 'cache', 'refresh', 'usage', 'limit', 'level',
  'check', 'validation', 'strategy', 'method', 'class', 'handler', 'service', 'server', 'client', 'generator',
]);

/** Words that, before the secret word, make the name a switch or a setting (USE_TOKEN, NO_PASSWORD). */
const SETTING_LEAD_WORDS = new Set(['use', 'no', 'skip', 'allow', 'enable', 'disable', 'show', 'hide', 'min', 'max', 'require', 'has', 'is']);

export function splitWords(name: string): string[] {
  const words: string[] = [];
  let cur = '';
  const flush = () => {
    if (cur) words.push(cur.toLowerCase());
    cur = '';
  };
  for (let i = 0; i < name.length && i < 256; i++) {
    const c = name[i]!;
    const code = c.charCodeAt(0);
    const upper = code >= 0x41 && code <= 0x5a;
    const lower = code >= 0x61 && code <= 0x7a;
    const digit = code >= 0x30 && code <= 0x39;
    if (!upper && !lower && !digit) {
      flush();
      continue;
    }
    if (upper && cur) {
      const prev = cur.charCodeAt(cur.length - 1);
      const prevLower = (prev >= 0x61 && prev <= 0x7a) || (prev >= 0x30 && prev <= 0x39);
      const next = name.charCodeAt(i + 1);
      const nextLower = next >= 0x61 && next <= 0x7a;
      const prevUpper = prev >= 0x41 && prev <= 0x5a;
      // dbPassword -> db|Password ; APIKey -> API|Key
      if (prevLower || (prevUpper && nextLower)) flush();
    }
    cur += c;
  }
  flush();
  return words;
}

/**
 * The index just past the secret term in the name's words, or -1 when the name does not name a
 * secret. The last secret term wins: "SECRET_TOKEN" ends at "token".
 */
function secretTermEnd(words: string[]): number {
  let end = -1;
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (SECRET_WORDS.has(w)) end = i + 1;
    if (i + 1 < words.length && SECRET_PAIRS.has(`${w} ${words[i + 1]}`)) end = i + 2;
  }
  return end;
}

// Names repeat across thousands of task definitions; classify each once.
const verdicts = new Map<string, boolean>();

/** True when the name says its value is a secret (and not a setting about one). */
export function isSecretName(name: string): boolean {
  let v = verdicts.get(name);
  if (v === undefined) {
    v = classifyName(name);
    if (verdicts.size > 50_000) verdicts.clear();
    verdicts.set(name, v);
  }
  return v;
}

function classifyName(name: string): boolean {
  const words = splitWords(name);
  const end = secretTermEnd(words);
  if (end === -1) return false;
  for (let i = end; i < words.length; i++) if (SETTING_WORDS.has(words[i]!)) return false;
  const start = words.findIndex((w, i) => SECRET_WORDS.has(w) || (i + 1 < words.length && SECRET_PAIRS.has(`${w} ${words[i + 1]}`)));
  for (let i = 0; i < start; i++) if (SETTING_LEAD_WORDS.has(words[i]!)) return false;
  return true;
}
