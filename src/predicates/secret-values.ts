// What a value looks like: a credential in a known format (whatever its name), a password inside
// a URL or connection string, or a setting/reference that is never a secret. Every pattern here
// is anchored and matched against one token at a time, so no crafted value can make a regular
// expression backtrack without bound.

export interface SecretMatch {
  /** What kind of secret, for the message: never the value. */
  kind: string;
}

const MAX_SCANNED_CHARS = 64 * 1024;

interface TokenPattern {
  kind: string;
  /** The characters a match can start with: every pattern is anchored on a literal prefix. */
  first: string;
  test: (token: string) => boolean;
}

const re = (r: RegExp) => (t: string) => r.test(t);

/** Known credential formats, tested against whole tokens. */
const TOKEN_PATTERNS: TokenPattern[] = [
  { kind: 'AWS access key ID', first: 'A', test: (t) => /^(AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}$/.test(t) && !t.endsWith('EXAMPLE') },
  { kind: 'GitHub token', first: 'g', test: re(/^(ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36,255}$/) },
  { kind: 'GitHub token', first: 'g', test: re(/^github_pat_[A-Za-z0-9_]{22,255}$/) },
  { kind: 'GitLab token', first: 'g', test: re(/^glpat-[A-Za-z0-9_-]{20,64}$/) },
  { kind: 'Slack token', first: 'x', test: re(/^xox[abposre]-[A-Za-z0-9-]{10,255}$/) },
  { kind: 'Stripe secret key', first: 'sr', test: re(/^(sk|rk)_(live|test)_[A-Za-z0-9]{20,255}$/) },
  { kind: 'Google API key', first: 'A', test: re(/^AIza[0-9A-Za-z_-]{35}$/) },
  { kind: 'SendGrid API key', first: 'S', test: re(/^SG\.[A-Za-z0-9_-]{16,32}\.[A-Za-z0-9_-]{32,64}$/) },
  { kind: 'npm access token', first: 'n', test: re(/^npm_[A-Za-z0-9]{36}$/) },
  { kind: 'OpenAI API key', first: 's', test: (t) => /^sk-(proj-|svcacct-)?[A-Za-z0-9_-]{32,255}$/.test(t) && !t.startsWith('sk-ant-') },
  { kind: 'Anthropic API key', first: 's', test: re(/^sk-ant-[A-Za-z0-9_-]{32,255}$/) },
  { kind: 'Twilio API key', first: 'S', test: re(/^SK[0-9a-f]{32}$/) },
  { kind: 'GitLab token', first: 'g', test: re(/^gl(ptt|dt|rt|cbt|imt|oas|ft|soat|agent)-[A-Za-z0-9_-]{20,64}$/) },
  { kind: 'GitLab runner registration token', first: 'G', test: re(/^GR1348941[A-Za-z0-9_-]{20,64}$/) },
  { kind: 'Slack app token', first: 'x', test: re(/^xapp-[0-9]-[A-Z0-9]{8,16}-[0-9]{8,16}-[a-z0-9]{32,80}$/) },
  { kind: 'Stripe webhook secret', first: 'w', test: re(/^whsec_[A-Za-z0-9+/=]{32,128}$/) },
  { kind: 'Hugging Face token', first: 'h', test: re(/^hf_[A-Za-z0-9]{30,64}$/) },
  { kind: 'HashiCorp Vault token', first: 'h', test: re(/^hv[sbr]\.[A-Za-z0-9_-]{24,512}$/) },
  { kind: 'Docker Hub access token', first: 'd', test: re(/^dckr_(pat|oat)_[A-Za-z0-9_-]{24,64}$/) },
  { kind: 'DigitalOcean token', first: 'd', test: re(/^do[opr]_v1_[a-f0-9]{64}$/) },
  { kind: 'Databricks token', first: 'd', test: re(/^dapi[a-f0-9]{32}(-[0-9])?$/) },
  { kind: 'Doppler token', first: 'd', test: re(/^dp\.(pt|st|sa|ct|scim|audit)\.[A-Za-z0-9]{40,64}$/) },
  { kind: 'Dynatrace token', first: 'd', test: re(/^dt0c01\.[A-Z0-9]{24}\.[A-Z0-9]{64}$/) },
  { kind: 'Shopify access token', first: 's', test: re(/^shp(at|ca|pa|ss)_[a-fA-F0-9]{32}$/) },
  { kind: 'Sentry token', first: 's', test: re(/^(sntrys_[A-Za-z0-9+/=_-]{40,400}|sntryu_[a-f0-9]{64})$/) },
  { kind: 'Supabase token', first: 's', test: re(/^sbp_[a-f0-9]{40}$/) },
  { kind: 'Square access token', first: 's', test: re(/^sq0(atp|csp)-[A-Za-z0-9_-]{22,43}$/) },
  { kind: 'Mapbox secret token', first: 's', test: re(/^sk\.eyJ[A-Za-z0-9_-]{20,512}\.[A-Za-z0-9_-]{20,128}$/) },
  { kind: 'PyPI token', first: 'p', test: re(/^pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,512}$/) },
  { kind: 'PlanetScale token', first: 'p', test: re(/^pscale_(tkn|pw|oauth)_[A-Za-z0-9_.-]{32,64}$/) },
  { kind: 'Pulumi access token', first: 'p', test: re(/^pul-[a-f0-9]{40}$/) },
  { kind: 'Airtable token', first: 'p', test: re(/^pat[A-Za-z0-9]{14}\.[a-f0-9]{64}$/) },
  { kind: 'Perplexity API key', first: 'p', test: re(/^pplx-[A-Za-z0-9]{48}$/) },
  { kind: 'Postman API key', first: 'P', test: re(/^PMAK-[a-f0-9]{24}-[a-f0-9]{34}$/) },
  { kind: 'New Relic key', first: 'N', test: re(/^NR(AK|AA|II)-[A-Z0-9]{27}$/) },
  { kind: 'Google OAuth client secret', first: 'G', test: re(/^GOCSPX-[A-Za-z0-9_-]{28}$/) },
  { kind: 'age secret key', first: 'A', test: re(/^AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}$/) },
  { kind: 'Atlassian API token', first: 'A', test: re(/^ATATT3[A-Za-z0-9_=-]{150,250}$/) },
  { kind: 'Heroku API key', first: 'H', test: re(/^HRKU-[A-Za-z0-9_-]{60}$/) },
  { kind: 'CircleCI token', first: 'C', test: re(/^CCIPAT_[A-Za-z0-9]{22}_[a-f0-9]{40}$/) },
  { kind: 'Mailgun API key', first: 'k', test: re(/^key-[0-9a-f]{32}$/) },
  { kind: 'Linear API key', first: 'l', test: re(/^lin_api_[A-Za-z0-9]{40}$/) },
  { kind: 'Netlify token', first: 'n', test: re(/^nfp_[A-Za-z0-9]{36,40}$/) },
  { kind: 'Notion token', first: 'n', test: re(/^ntn_[0-9]{11}[A-Za-z0-9]{35}$/) },
  { kind: 'Grafana token', first: 'g', test: re(/^(glc_[A-Za-z0-9+/]{32,400}={0,2}|glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8})$/) },
  { kind: 'Groq API key', first: 'g', test: re(/^gsk_[A-Za-z0-9]{52}$/) },
  { kind: 'Replicate API token', first: 'r', test: re(/^r8_[A-Za-z0-9]{37}$/) },
  { kind: 'Tailscale key', first: 't', test: re(/^tskey-(api|auth|client|scim|webhook)-[A-Za-z0-9]{6,32}-[A-Za-z0-9]{16,64}$/) },
  { kind: 'xAI API key', first: 'x', test: re(/^xai-[A-Za-z0-9]{60,100}$/) },
  { kind: 'Figma token', first: 'f', test: re(/^figd_[A-Za-z0-9_-]{40,64}$/) },
  { kind: 'Buildkite token', first: 'b', test: re(/^bkua_[a-f0-9]{40}$/) },
  { kind: '1Password service account token', first: 'o', test: re(/^ops_eyJ[A-Za-z0-9+/=_-]{100,2048}$/) },
  { kind: 'JSON Web Token', first: 'e', test: re(/^eyJ[A-Za-z0-9_-]{8,4096}\.eyJ[A-Za-z0-9_-]{8,8192}\.[A-Za-z0-9_-]{16,4096}$/) },
];

/** The patterns a token starting with a character can match: most tokens are tested against none. */
const PATTERNS_BY_FIRST = new Map<string, TokenPattern[]>();
for (const p of TOKEN_PATTERNS) {
  for (const c of p.first) PATTERNS_BY_FIRST.set(c, [...(PATTERNS_BY_FIRST.get(c) ?? []), p]);
}

/** Splits a value into candidate tokens: runs of characters credentials are made of. */
export function tokens(value: string, minLength = 1): string[] {
  const out: string[] = [];
  let start = -1;
  const n = Math.min(value.length, MAX_SCANNED_CHARS);
  const end = (i: number) => {
    if (start !== -1 && i - start >= minLength) out.push(value.slice(start, i));
    start = -1;
  };
  for (let i = 0; i < n; i++) {
    const c = value.charCodeAt(i);
    if (isTokenCode(c)) {
      if (start === -1) start = i;
    } else if (c === 0x3d /* = */ && start !== -1 && (i + 1 >= n || value.charCodeAt(i + 1) === 0x3d || !isTokenCode(value.charCodeAt(i + 1)))) {
      // base64 padding belongs to the token
    } else {
      end(i);
    }
  }
  end(n);
  return out;
}

/** Every known credential format is at least this long. */
const MIN_CREDENTIAL_TOKEN = 15;

function isTokenCode(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f || c === 0x2d || c === 0x2e || c === 0x2b || c === 0x2f;
}

function shannonEntropy(s: string): number {
  const counts = new Map<string, number>();
  for (const ch of s) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) {
    const p = n / s.length;
    h -= p * Math.log2(p);
  }
  return h;
}

/** A long random-looking base64 token (an AWS secret access key, an API key without a prefix). */
export function isHighEntropyToken(t: string): boolean {
  if (t.length < 32 || t.length > 512) return false;
  if (!/^[A-Za-z0-9+/_=-]+$/.test(t)) return false;
  if (!/[A-Z]/.test(t) || !/[a-z]/.test(t) || !/[0-9]/.test(t)) return false;
  let slashes = 0;
  for (const ch of t) if (ch === '/') slashes++;
  if (slashes > 2) return false; // a path, not a key
  return shannonEntropy(t) >= 4.3;
}

/**
 * The text a base64 token encodes, when it encodes text (a config blob, a JSON document) rather
 * than random bytes (a key). Random keys decode to binary; documents to printable characters.
 */
export function decodedText(token: string): string | undefined {
  if (token.length < 24 || token.length % 4 === 1) return undefined;
  const bytes = Buffer.from(token.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  if (bytes.length < 16) return undefined;
  let printable = 0;
  for (const b of bytes) if ((b >= 0x20 && b < 0x7f) || b === 0x0a || b === 0x0d || b === 0x09) printable++;
  return printable / bytes.length >= 0.95 ? bytes.toString('utf8') : undefined;
}

/** A credential recognisable by its format alone. */
export function matchCredentialFormat(value: string): SecretMatch | undefined {
  if (value.includes('-----BEGIN') && value.includes('PRIVATE KEY')) return { kind: 'private key' };
  const url = urlPassword(value);
  if (url) return url;
  if (value.includes('hooks.slack.com/services/T')) return { kind: 'Slack webhook URL' };
  if (value.includes('discord.com/api/webhooks/') || value.includes('discordapp.com/api/webhooks/')) return { kind: 'Discord webhook URL' };
  if (value.includes('.webhook.office.com/webhookb2/')) return { kind: 'Microsoft Teams webhook URL' };
  if (value.length < MIN_CREDENTIAL_TOKEN) return undefined;
  for (const t of tokens(value, MIN_CREDENTIAL_TOKEN)) {
    for (const variant of tokenVariants(t)) {
      const patterns = PATTERNS_BY_FIRST.get(variant[0]!);
      if (patterns) for (const p of patterns) if (p.test(variant)) return { kind: p.kind };
    }
  }
  return authorizationCredential(value);
}

/** Punctuation that token characters include but no key format ends or starts with. */
const EDGE_PUNCTUATION = new Set(['.', '-', '+', '/', '_', '=']);

/**
 * A token as written, without the punctuation around it ("AKIA...M2." at the end of a sentence),
 * and the pieces a path or a dotted name splits it into ("keys/AKIA...M2/x").
 */
function tokenVariants(t: string): string[] {
  const variants = [t];
  const trimmed = trimEdges(t);
  if (trimmed !== t && trimmed.length >= MIN_CREDENTIAL_TOKEN) variants.push(trimmed);
  if (/[/.+=]/.test(trimmed)) {
    for (const raw of trimmed.split(/[/.+=]/)) {
      const piece = trimEdges(raw);
      if (piece.length >= MIN_CREDENTIAL_TOKEN && piece !== trimmed) variants.push(piece);
    }
  }
  return variants;
}

function trimEdges(t: string): string {
  let start = 0;
  let end = t.length;
  while (start < end && EDGE_PUNCTUATION.has(t[start]!)) start++;
  while (end > start && EDGE_PUNCTUATION.has(t[end - 1]!)) end--;
  return t.slice(start, end);
}

/**
 * All-caps placeholder text that repeats the variable's own name: JWT_SECRET_VALUE or
 * YOUR_JWT_SECRET for JWT_SECRET (a deploy step replaces it).
 */
export function repeatsOwnName(value: string, name: string): boolean {
  const v = value.trim();
  if (v.length > 200 || !/^[A-Z0-9_.-]+$/.test(v)) return false;
  const squash = (s: string) => s.toUpperCase().replace(/[^A-Z0-9]/g, '');
  const n = squash(name);
  return n.length >= 3 && squash(v).includes(n);
}

/** Like matchCredentialFormat, plus long high-entropy tokens. */
export function matchSecretValue(value: string): SecretMatch | undefined {
  const known = matchCredentialFormat(value);
  if (known) return known;
  for (const t of tokens(value, 32)) {
    if (!isHighEntropyToken(t)) continue;
    const text = decodedText(t);
    if (text === undefined) return { kind: 'high-entropy string' };
    const inner = matchCredentialFormat(text);
    if (inner) return { kind: `${inner.kind}, base64-encoded` };
  }
  return undefined;
}

/** Credential characters of an HTTP Authorization value (base64 and RFC 6750's token68). */
function isCredentialCode(c: number): boolean {
  return isTokenCode(c) || c === 0x3d /* = */ || c === 0x7e /* ~ */;
}

/**
 * An HTTP Authorization value written out (`Basic dXNlcjpwYXNz`, `Authorization: Bearer
 * 9f8e...`, as a health check's curl sends it): Basic credentials that decode to user:password,
 * or a bearer token with letters and digits in it (placeholders such as YOUR_TOKEN have none).
 */
function authorizationCredential(value: string): SecretMatch | undefined {
  if (value.length < 14 || !/basic |bearer /i.test(value)) return undefined;
  const lower = value.slice(0, MAX_SCANNED_CHARS).toLowerCase();
  for (const scheme of ['basic ', 'bearer ']) {
    for (let at = lower.indexOf(scheme); at !== -1; at = lower.indexOf(scheme, at + 1)) {
      if (at > 0 && isTokenCode(lower.charCodeAt(at - 1))) continue; // inside a word
      let start = at + scheme.length;
      while (lower[start] === ' ') start++;
      let end = start;
      while (end < lower.length && isCredentialCode(lower.charCodeAt(end))) end++;
      const credential = value.slice(start, end);
      if (scheme === 'basic ' ? isBasicCredential(credential) : isBearerToken(credential)) {
        return { kind: scheme === 'basic ' ? 'HTTP Basic credentials' : 'bearer token' };
      }
    }
  }
  return undefined;
}

function isBasicCredential(token: string): boolean {
  if (token.length < 8 || token.length % 4 === 1 || !/^[A-Za-z0-9+/]+={0,2}$/.test(token)) return false;
  const text = Buffer.from(token, 'base64').toString('latin1');
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c > 0x7e) return false;
  }
  const colon = text.indexOf(':');
  return colon !== -1 && !isPlaceholder(text.slice(colon + 1));
}

function isBearerToken(token: string): boolean {
  return token.length >= 16 && /[A-Za-z]/.test(token) && /[0-9]/.test(token) && !isPlaceholder(token);
}

/** `scheme://user:password@host`: the password, when it is a literal. */
function urlPassword(value: string): SecretMatch | undefined {
  if (!value.includes('@')) return undefined;
  for (let at = value.indexOf('://'); at !== -1 && at < MAX_SCANNED_CHARS; at = value.indexOf('://', at + 3)) {
    const start = at + 3;
    let end = start;
    while (end < value.length && !'/?# \t\n"\''.includes(value[end]!)) end++;
    const authority = value.slice(start, end);
    const atSign = authority.lastIndexOf('@');
    if (atSign <= 0) continue;
    const userinfo = authority.slice(0, atSign);
    const colon = userinfo.indexOf(':');
    if (colon === -1) continue;
    const password = decodeSafe(userinfo.slice(colon + 1));
    if (password !== '' && !isPlaceholder(password)) return { kind: 'password in a URL' };
  }
  return undefined;
}

function decodeSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

const PLACEHOLDER_WORDS = new Set([
  'changeme', 'change_me', 'change-me', 'replaceme', 'replace_me', 'replace-me', 'todo', 'tbd', 'fixme', 'dummy',
  'placeholder', 'example', 'redacted', 'none', 'null', 'nil', 'undefined', 'unset', 'n/a', 'na',
  'empty', 'default', '-', 'xxx', 'your-password', 'your_password', 'yourpassword', 'mypassword', 'notset', 'not-set',
]);

/** `${VAR}`, `$VAR`, `{{ .Values.x }}`, `%VAR%`, `<password>`, `****`, `xxxx`, `REDACTED`... */
export function isPlaceholder(value: string): boolean {
  const v = value.trim();
  if (v === '') return true;
  if (PLACEHOLDER_WORDS.has(v.toLowerCase())) return true;
  if (v.includes('${') || v.includes('{{') || v.includes('#{') || v.includes('$(')) return true;
  if (/^\$[A-Za-z_][A-Za-z0-9_]*$/.test(v)) return true;
  if (/^%[A-Za-z_][A-Za-z0-9_]*%$/.test(v)) return true;
  if (/^<[^<>]{1,100}>$/.test(v) || /^\[[A-Za-z _-]{1,100}\]$/.test(v)) return true;
  if (/^__[A-Za-z0-9_]{1,100}__$/.test(v) || /^@@[A-Za-z0-9_]{1,100}@@$/.test(v)) return true;
  if (/^([*xX•.#])\1{2,}$/.test(v)) return true;
  return false;
}

/**
 * Values that are settings or references, never a secret even under a secret's name: numbers,
 * booleans, durations, placeholders, ARNs, parameter and file paths, URLs without credentials,
 * CloudFormation dynamic references to plain parameters.
 */
export function isNonSecretValue(value: string): boolean {
  const v = value.trim();
  if (isPlaceholder(v)) return true;
  if (/^[+-]?[0-9]{1,30}(\.[0-9]{1,30})?$/.test(v)) return true;
  if (/^(true|false|yes|no|on|off|enabled|disabled|y|n)$/i.test(v)) return true;
  if (/^[0-9]{1,12}(\.[0-9]{1,6})?(ns|us|µs|ms|s|sec|secs|m|min|mins|h|hr|hrs|d|w|y)$/i.test(v)) return true;
  if (/^P(?!$)([0-9]{1,9}Y)?([0-9]{1,9}M)?([0-9]{1,9}W)?([0-9]{1,9}D)?(T([0-9]{1,9}H)?([0-9]{1,9}M)?([0-9]{1,9}(\.[0-9]{1,9})?S)?)?$/.test(v)) return true;
  if (v.startsWith('arn:')) return true;
  if (/^(ssm|secretsmanager|vault|awssm|sm|ref\+[a-z]+):/.test(v)) return true;
  if (v.startsWith('{{resolve:ssm:')) return true;
  if (/^\/[^\s]{0,1024}$/.test(v) && v.includes('/', 1)) return true; // /shop/db/password, /run/secrets/x
  if (/^[a-z][a-z0-9+.-]{1,20}:\/\//i.test(v)) return urlPassword(v) === undefined;
  return false;
}
