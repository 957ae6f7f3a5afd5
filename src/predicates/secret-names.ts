// Does a variable, label, option or flag name say it holds a secret? Names are compared after
// Unicode normalisation (NFKC, format characters removed, Cyrillic and Greek lookalikes folded to
// Latin), split into words on case, digits and separators, and run-together words are split at
// the secret terms they hold (MYSQLPASSWORD, AUTHTOKEN, SECRETKEY), so "passport" or "TOKENIZER"
// never match, and a word that makes the name a setting about a secret (PASSWORD_MIN_LENGTH,
// TOKEN_TTL_SECONDS, DB_PASSWORD_FILE, SECRET_ARN) turns it into a non-secret.

/** Single words that name a secret. */
const SECRET_WORDS = new Set([
  'password', 'passwd', 'pwd', 'pw', 'pass', 'passphrase', 'secret', 'secrets', 'token', 'apikey', 'credential', 'credentials',
  'creds', 'privatekey', 'accesskey', 'secretkey', 'authtoken', 'bearer', 'dsn', 'passwords', 'tokens',
]);

/** Terms found inside run-together words ("mysqlpassword"), longest first. */
const EMBEDDED_TERMS = ['passphrase', 'credentials', 'credential', 'privatekey', 'accesskey', 'secretkey', 'authtoken', 'password', 'passwort', 'passwd', 'apikey', 'secret', 'token', 'pwd'];

/** English words and settings that hold a secret term without naming a secret. */
const BENIGN_WORDS = new Set([
  'secretary', 'secretaries', 'secretariat', 'secretion', 'secretive', 'tokenizer', 'tokenizers', 'tokenize', 'tokenized',
  'tokenization', 'tokenise', 'tokeniser', 'tokenised', 'detokenize', 'passwordless', 'bypass', 'compass', 'encompass',
  'overpass', 'underpass', 'trespass', 'surpass', 'passport', 'passports', 'passenger', 'passengers', 'passive',
  'passthrough', 'passage', 'passages', 'multipass', 'onepass', 'twopass', 'firstpass',
]);

/** Whole names of tools' secret settings that no word rule finds (squashed to letters and digits). */
const TOOL_SECRET_NAMES = ['requirepass', 'masterauth', 'rediscliauth', 'redisauth', 'masterpassword'];

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

const SETTING_WORDS_LONGEST_FIRST = [...SETTING_WORDS].filter((w) => w.length >= 2).sort((a, b) => b.length - a.length);

/** Words that, before the secret word, make the name a switch or a setting (USE_TOKEN, NO_PASSWORD). */
const SETTING_LEAD_WORDS = new Set(['use', 'no', 'skip', 'allow', 'enable', 'disable', 'show', 'hide', 'min', 'max', 'require', 'has', 'is']);

/** Cyrillic and Greek letters that look Latin, folded to the Latin letter they imitate. */
const CONFUSABLES = new Map(
  Object.entries({
    а: 'a', в: 'b', е: 'e', ё: 'e', к: 'k', м: 'm', н: 'h', о: 'o', р: 'p', с: 'c', т: 't', у: 'y', х: 'x', ѕ: 's', і: 'i', ї: 'i', ј: 'j', ԁ: 'd', ԛ: 'q', ԝ: 'w', һ: 'h', ӏ: 'l',
    А: 'A', В: 'B', Е: 'E', Ё: 'E', К: 'K', М: 'M', Н: 'H', О: 'O', Р: 'P', С: 'C', Т: 'T', У: 'Y', Х: 'X', Ѕ: 'S', І: 'I', Ї: 'I', Ј: 'J', Ԛ: 'Q', Ԝ: 'W', Һ: 'H', Ӏ: 'I',
    α: 'a', β: 'b', ε: 'e', ι: 'i', κ: 'k', ν: 'v', ο: 'o', ρ: 'p', τ: 't', υ: 'u', χ: 'x', ω: 'w',
    Α: 'A', Β: 'B', Ε: 'E', Ζ: 'Z', Η: 'H', Ι: 'I', Κ: 'K', Μ: 'M', Ν: 'N', Ο: 'O', Ρ: 'P', Τ: 'T', Υ: 'Y', Χ: 'X',
  }),
);
/** Format characters (zero-width space, joiners, bidi marks, soft hyphen) and combining marks. */
const INVISIBLE = /[\p{Cf}\p{Mn}\p{Me}]/gu;
const NON_ASCII = /[^\x00-\x7f]/;

/** The name as a reader sees it: NFKC, invisible characters removed, lookalike letters folded. */
export function normaliseName(name: string): string {
  if (!NON_ASCII.test(name)) return name;
  const text = name.slice(0, 1024).normalize('NFKC').replace(INVISIBLE, '');
  // a lookalike takes the case of the name around it: TοKEN with a Greek small omicron is TOKEN
  const upper = /[A-Z]/.test(text) && !/[a-z]/.test(text);
  const lower = /[a-z]/.test(text) && !/[A-Z]/.test(text);
  let out = '';
  for (const ch of text) {
    const folded = CONFUSABLES.get(ch);
    out += folded === undefined ? ch : upper ? folded.toUpperCase() : lower ? folded.toLowerCase() : folded;
  }
  return out;
}

export function splitWords(name: string): string[] {
  const words: string[] = [];
  let cur = '';
  const flush = () => {
    if (cur) words.push(cur.toLowerCase());
    cur = '';
  };
  const text = normaliseName(name);
  for (let i = 0; i < text.length && i < 256; i++) {
    const c = text[i]!;
    const code = c.charCodeAt(0);
    const upper = code >= 0x41 && code <= 0x5a;
    const lower = code >= 0x61 && code <= 0x7a;
    const digit = code >= 0x30 && code <= 0x39;
    if (!upper && !lower && !digit) {
      flush();
      continue;
    }
    if (cur) {
      const prev = cur.charCodeAt(cur.length - 1);
      const prevDigit = prev >= 0x30 && prev <= 0x39;
      const prevLower = prev >= 0x61 && prev <= 0x7a;
      const prevUpper = prev >= 0x41 && prev <= 0x5a;
      const next = text.charCodeAt(i + 1);
      const nextLower = next >= 0x61 && next <= 0x7a;
      // dbPassword -> db|Password ; APIKey -> API|Key ; PASSWORD1 -> PASSWORD|1
      if (digit !== prevDigit || (upper && (prevLower || (prevUpper && nextLower)))) flush();
    }
    cur += c;
  }
  flush();
  return words;
}

/** Splits run-together words at the secret terms they hold: mysqlpassword -> mysql password. */
function segmentWords(words: string[]): string[] {
  const out: string[] = [];
  for (const w of words) segment(w, out, 0);
  return out;
}

function segment(word: string, out: string[], depth: number): void {
  if (word === '') return;
  if (depth > 4 || SECRET_WORDS.has(word) || BENIGN_WORDS.has(word) || word.length < 5) {
    out.push(word);
    return;
  }
  for (const term of EMBEDDED_TERMS) {
    const at = word.indexOf(term);
    if (at === -1) continue;
    segment(word.slice(0, at), out, depth + 1);
    out.push(term === 'passwort' ? 'password' : term);
    const rest = word.slice(at + term.length);
    // what follows may be a setting word run together too: passwordfile, tokenttl, secretarn
    const setting = SETTING_WORDS_LONGEST_FIRST.find((s) => rest.startsWith(s));
    if (setting) {
      out.push(setting);
      segment(rest.slice(setting.length), out, depth + 1);
    } else {
      segment(rest, out, depth + 1);
    }
    return;
  }
  // dbpass, pgpass; signingkey, masterkey (a pair once split)
  for (const suffix of ['pass', 'key']) {
    if (word.endsWith(suffix) && word.length > suffix.length + 1) {
      out.push(word.slice(0, -suffix.length), suffix);
      return;
    }
  }
  out.push(word);
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
  const squashed = normaliseName(name).toLowerCase().replace(/[^a-z0-9]/g, '');
  if (TOOL_SECRET_NAMES.some((t) => squashed.endsWith(t))) return true;
  const words = segmentWords(splitWords(name));
  const end = secretTermEnd(words);
  if (end === -1) return false;
  for (let i = end; i < words.length; i++) if (SETTING_WORDS.has(words[i]!)) return false;
  const start = words.findIndex((w, i) => SECRET_WORDS.has(w) || (i + 1 < words.length && SECRET_PAIRS.has(`${w} ${words[i + 1]}`)));
  for (let i = 0; i < start; i++) if (SETTING_LEAD_WORDS.has(words[i]!)) return false;
  return true;
}

/** Last words of a name that make it a reference to a value kept elsewhere: DbPasswordSecretArn, api_token.name. */
const REFERENCE_WORDS = new Set(['arn', 'arns', 'id', 'ids', 'name', 'names', 'path', 'paths', 'parameter', 'param', 'ref', 'reference', 'file', 'location']);

/** True when the name says it holds where a value is kept (an ARN, a name, a path), not the value. */
export function namesAReference(name: string): boolean {
  const words = splitWords(name);
  return words.length > 0 && REFERENCE_WORDS.has(words[words.length - 1]!);
}

/** Attributes that hold whatever their resource holds: `aws_ssm_parameter.db_password.value`. */
const VALUE_ATTRIBUTES = new Set(['value', 'values', 'result', 'plaintext', 'content', 'string']);

/**
 * True when a reference's own name says it is a secret (`db_password`), or it is a generic value
 * attribute of something whose name says so (`db_password.value`).
 */
export function namesASecret(source: { last: string; owner?: string }): boolean {
  if (isSecretName(source.last)) return true;
  return source.owner !== undefined && VALUE_ATTRIBUTES.has(source.last.toLowerCase()) && isSecretName(source.owner);
}

/**
 * A Terraform reference to the value an SSM parameter keeps, of one instance or of all a path
 * holds; the module prefix, instance keys and the type are bounded names, so this cannot backtrack.
 */
const PARAMETER_VALUE = /^(?:module\.[\w-]{1,128}(?:\[[^\]]{0,128}\])?\.){0,16}(?:data\.)?(?:aws_ssm_parameter\.[\w-]{1,128}(?:\[[^\]]{0,128}\])?\.(?:insecure_)?value|aws_ssm_parameters_by_path\.[\w-]{1,128}(?:\[[^\]]{0,128}\])?\.values)(?:\[[^\]]{0,128}\])?$/;

/**
 * True when a reference reads the value a parameter store keeps (`data.aws_ssm_parameter.x.value`,
 * CloudFormation's `!GetAtt Param.Value`), not where it is kept: under a secret's name, that value
 * is the secret, resolved into plaintext, whatever the parameter is called.
 */
export function readsParameterValue(source: { shown: string; last: string }): boolean {
  if (source.shown.startsWith('!GetAtt ')) return source.last === 'Value';
  return source.shown.length <= 2048 && PARAMETER_VALUE.test(source.shown);
}
