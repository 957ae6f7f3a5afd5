// Shell text split into commands and words, as far as a scanner needs it to read the AWS CLI
// commands a script runs: quotes, backslash escapes and line continuations, comments, command
// separators and here-documents. Nothing is expanded: `$VAR`, `${VAR}`, `$(...)` and backticks
// stay in the word as `${...}` placeholders (what the shell fills in when the script runs), and a
// CI system's `${{ ... }}` as written (it is filled in before the shell reads the script).
// Linear in the text: every character is looked at a bounded number of times.
import { AnchoredOffsets } from '../../util/anchored-offsets.js';

export interface ShellWord {
  text: string;
  /** 0-based line and column where the word starts in the script. */
  line: number;
  column: number;
  /** Offsets in `text` where a later line of the script begins (a quoted word may span lines), one per line. */
  breaks?: number[];
}

/** The 0-based line of the script that the word's character at `offset` is on. */
export function lineAt(word: ShellWord, offset: number): number {
  let line = word.line;
  for (const b of word.breaks ?? []) {
    if (b > offset) break;
    line++;
  }
  return line;
}

export interface ShellCommand {
  words: ShellWord[];
}

/** Characters that end a run of ordinary ones, outside quotes and inside double quotes. */
const SPECIAL = new Set(['\\', "'", '"', '$', '`', '\n', '<', ';', '&', '|', '(', ')', ' ', '\t', '\r']);
const QUOTED_SPECIAL = new Set(['\\', '"', '$', '`']);

/** A placeholder longer than this is cut: it only names what the shell fills in. */
const MAX_EXPANSION_TEXT = 60;

/** Words that may stand before a command's name: keywords, wrappers (and their options), assignments. */
const COMMAND_PREFIXES = new Set(['if', 'then', 'else', 'elif', 'do', 'while', 'until', '!', 'time', 'sudo', 'exec', 'command', 'env', 'nohup', 'run:', '-', '{']);

/**
 * Where the command `matches` names stands in a command's words, past the keywords, wrappers and
 * assignments before it (within the first `limit` words); undefined when another command comes first.
 */
export function commandWordAt(words: readonly ShellWord[], matches: (i: number) => boolean, limit = 16): number | undefined {
  for (let i = 0; i < words.length && i < limit; i++) {
    if (matches(i)) return i;
    const w = words[i]!.text;
    if (!COMMAND_PREFIXES.has(w) && !/^[A-Za-z_][A-Za-z0-9_]*=/.test(w) && !w.startsWith('-')) return undefined;
  }
  return undefined;
}

export function shellCommands(script: string): ShellCommand[] {
  return new ShellReader(script).read();
}

/**
 * A PowerShell script's commands, read with PowerShell's quoting: the backtick escapes (a
 * backslash is a character), `''` and `""` are quotes inside quotes, `<# ... #>` comments are
 * passed over, here-strings (`@' ... '@`, `@" ... "@`) are one word, and there are no
 * here-documents. `$env:NAME` and `$(...)` are placeholders, as in the shell.
 */
export function powershellCommands(script: string): ShellCommand[] {
  return new ShellReader(script, true).read();
}

/** PowerShell's backtick escapes (`n is a newline); any other character escaped is itself. */
const POWERSHELL_ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '0': '\0', a: '\x07', b: '\b', f: '\f', v: '\v' };

/** The AWS CLI calls that read a secret's value: what a command substitution of one of them gives is that secret. */
const SECRET_READS = new Set(['secretsmanager get-secret-value', 'ssm get-parameter', 'ssm get-parameters', 'ssm get-parameters-by-path']);

/**
 * `secretsmanager get-secret-value` when the command is `aws [global options] secretsmanager
 * get-secret-value ...` (or an SSM parameter read), else undefined. Only the service and the
 * operation are named, never an argument. Split by hand over the command's first words.
 */
export function secretRead(command: string): string | undefined {
  const words = command.slice(0, 400).trim().split(/\s+/, 12);
  if (words[0] !== 'aws' && !words[0]?.endsWith('/aws')) return undefined;
  let k = 1;
  while (k < words.length && words[k]!.startsWith('--')) k += words[k]!.includes('=') || words[k]!.startsWith('--no-') || words[k] === '--debug' ? 1 : 2;
  const call = `${words[k] ?? ''} ${words[k + 1] ?? ''}`;
  return SECRET_READS.has(call) ? call : undefined;
}

/** A here-document's body: where it starts and ends in the script (before its delimiter line). */
export interface HeredocBody {
  start: number;
  end: number;
  /** `<<'EOF'`: the body is written as it is; otherwise the shell expands `$X`, `$(...)` and backticks in it. */
  quoted: boolean;
}

/**
 * An unquoted here-document's body as the shell writes it: each expansion the placeholder the
 * words of a command get (`${X}`, `${$(cmd …)}`), `\$`, `\`` and `\\` unescaped; `offset`
 * gives where a character of the text is in the body.
 */
export function expandHeredoc(body: string): { text: string; offset(index: number): number } {
  return new ShellReader(body).expandBody();
}

/** The bodies of the script's here-documents (`cat > td.json <<EOF`), in the order written. */
export function heredocBodies(script: string): HeredocBody[] {
  const reader = new ShellReader(script);
  reader.read();
  return reader.bodies;
}

class ShellReader {
  private i = 0;
  private line = 0;
  private lineStart = 0;
  private readonly commands: ShellCommand[] = [];
  private words: ShellWord[] = [];
  /** Here-document delimiters whose bodies start on the next line. */
  private heredocs: Array<{ delimiter: string; tabs: boolean; quoted: boolean }> = [];
  readonly bodies: HeredocBody[] = [];
  private word: { text: string; breaks: number[]; line: number; last: number; column: number } | undefined;

  constructor(
    private readonly s: string,
    /** PowerShell's quoting and comments, not the shell's. */
    private readonly ps = false,
  ) {}

  read(): ShellCommand[] {
    const s = this.s;
    while (this.i < s.length) {
      const c = s[this.i]!;
      if (this.ps && this.powershellSyntax(c)) continue;
      if (c === '\\' && !this.ps) {
        if (s[this.i + 1] === '\n') {
          this.i += 2;
          this.newline(this.i);
        } else if (s[this.i + 1] === '\r' && s[this.i + 2] === '\n') {
          this.i += 3;
          this.newline(this.i);
        } else {
          this.append(s[this.i + 1] ?? '');
          this.i += 2;
        }
      } else if (c === '`' && (s[this.i + 1] === '\n' || (s[this.i + 1] === '\r' && s[this.i + 2] === '\n'))) {
        // PowerShell's line continuation (a CI step run by pwsh); in sh a backtick substitution
        // opened at a line's end is not written
        this.i += s[this.i + 1] === '\r' ? 3 : 2;
        this.newline(this.i);
      } else if (c === "'") this.singleQuoted();
      else if (c === '"') this.doubleQuoted();
      else if (c === '$' || c === '`') this.append(this.expansion());
      else if (c === '#' && this.word === undefined) this.skipComment();
      else if (c === '\n') {
        this.endCommand();
        this.i++;
        this.newline(this.i);
        this.skipHeredocBodies();
      } else if (c === '<' && s[this.i + 1] === '<' && s[this.i + 2] !== '<' && !this.ps) this.heredoc();
      else if (c === ';' || c === '&' || c === '|' || c === '(' || c === ')') {
        this.endCommand();
        this.i++;
      } else if (c === ' ' || c === '\t' || c === '\r') {
        this.endWord();
        this.i++;
      } else {
        // a run of ordinary characters is appended at once
        let j = this.i + 1;
        while (j < s.length && !SPECIAL.has(s[j]!)) j++;
        this.appendSpan(this.i, j);
        this.i = j;
      }
    }
    this.endCommand();
    return this.commands;
  }

  private newline(at: number): void {
    this.line++;
    this.lineStart = at;
  }

  private append(text: string): void {
    const w = (this.word ??= { text: '', breaks: [], line: this.line, last: this.line, column: this.i - this.lineStart });
    // a line break between the word's characters: where the later line's text starts
    for (; w.last < this.line; w.last++) w.breaks.push(w.text.length);
    w.text += text;
  }

  private endWord(): void {
    const w = this.word;
    if (!w) return;
    const word: ShellWord = { text: w.text, line: w.line, column: w.column };
    if (w.breaks.length > 0) word.breaks = w.breaks;
    this.words.push(word);
    this.word = undefined;
  }

  private endCommand(): void {
    this.endWord();
    if (this.words.length > 0) this.commands.push({ words: this.words });
    this.words = [];
  }

  /** '...': every character literal, newlines too (in PowerShell, `''` is a quote). */
  private singleQuoted(): void {
    // a loop, not a call per `''`: a string of many of them must not run out of stack
    for (;;) {
      const end = this.s.indexOf("'", this.i + 1);
      const to = end === -1 ? this.s.length : end;
      this.appendSpan(this.i + 1, to);
      this.i = to + 1;
      if (!this.ps || this.s[this.i] !== "'") return;
      this.append("'");
    }
  }

  /**
   * What PowerShell reads differently from the shell, at the reader's place: a backtick escape,
   * a `<# ... #>` comment, a here-string, a double-quoted string. True when it was read.
   */
  private powershellSyntax(c: string): boolean {
    const s = this.s;
    if (c === '`' && s[this.i + 1] !== '\n' && !(s[this.i + 1] === '\r' && s[this.i + 2] === '\n')) {
      const next = s[this.i + 1] ?? '';
      this.append(POWERSHELL_ESCAPES[next] ?? next);
      this.i += 2;
      return true;
    }
    if (c === '<' && s[this.i + 1] === '#') {
      const end = s.indexOf('#>', this.i + 2);
      const to = end === -1 ? s.length : end + 2;
      // the comment's lines are counted, so later words keep their places
      for (let k = this.i; k < to; k++) if (s.charCodeAt(k) === 0x0a) this.newline(k + 1);
      this.i = to;
      return true;
    }
    if (c === '@' && (s[this.i + 1] === "'" || s[this.i + 1] === '"') && (s[this.i + 2] === '\n' || (s[this.i + 2] === '\r' && s[this.i + 3] === '\n'))) {
      this.hereString(s[this.i + 1]!);
      return true;
    }
    if (c === '"') {
      this.powershellDoubleQuoted();
      return true;
    }
    // a script block's braces, as tokens of their own, end the command before them
    if ((c === '{' || c === '}') && this.word === undefined) {
      this.endCommand();
      this.i++;
      return true;
    }
    return false;
  }

  /** `@'` or `@"` to a line that starts with `'@` or `"@`: one word, its body's lines as the file's. */
  private hereString(quote: string): void {
    const s = this.s;
    const bodyStart = s.indexOf('\n', this.i) + 1;
    const close = s.indexOf('\n' + quote + '@', bodyStart - 1);
    const bodyEnd = close === -1 ? s.length : close;
    // the body starts the word, on the line after the opening
    this.endWord();
    this.i = bodyStart;
    this.newline(bodyStart);
    this.append('');
    if (quote === "'") this.appendSpan(bodyStart, bodyEnd);
    else this.expandable(bodyStart, bodyEnd);
    if (close !== -1) this.newline(close + 1);
    this.i = close === -1 ? s.length : close + 3;
  }

  /** "...": `$` expands, the backtick escapes, `""` is a quote. */
  private powershellDoubleQuoted(): void {
    const s = this.s;
    let end = this.i + 1;
    for (; end < s.length; end++) {
      if (s[end] === '`') end++;
      else if (s[end] === '"') {
        if (s[end + 1] !== '"') break;
        end++;
      }
    }
    this.append('');
    this.expandable(this.i + 1, Math.min(end, s.length));
    this.i = end + 1;
  }

  /** Text from `from` to `to` with PowerShell's expansions as placeholders and its escapes applied. */
  private expandable(from: number, to: number): void {
    const s = this.s;
    this.i = from;
    while (this.i < to) {
      const c = s[this.i]!;
      if (c === '`' && this.i + 1 < to) {
        const next = s[this.i + 1]!;
        if (next === '\n') this.newline(this.i + 2);
        else this.append(POWERSHELL_ESCAPES[next] ?? next);
        this.i += 2;
      } else if (c === '"' && s[this.i + 1] === '"') {
        this.append('"');
        this.i += 2;
      } else if (c === '$' && this.i + 1 < to) this.append(this.expansion());
      else {
        let j = this.i + 1;
        while (j < to && s[j] !== '`' && s[j] !== '$' && s[j] !== '"') j++;
        this.appendSpan(this.i, j);
        this.i = j;
      }
    }
  }

  /** The script's text from `from` to `to` as literal word text, in one piece, with the lines it crosses. */
  private appendSpan(from: number, to: number): void {
    const s = this.s;
    this.append('');
    const w = this.word!;
    const base = w.text.length - from;
    w.text += s.slice(from, to);
    // within the span only: indexOf would run on to the next newline, however far (a one-line
    // script of many words would be read in quadratic time)
    for (let nl = from; nl < to; nl++) {
      if (s.charCodeAt(nl) !== 0x0a) continue;
      this.newline(nl + 1);
      w.breaks.push(base + nl + 1);
    }
    w.last = this.line;
  }

  /** "...": `$` expands, a backslash escapes only `$`, backtick, `"`, itself and a newline. */
  private doubleQuoted(): void {
    const s = this.s;
    this.append('');
    this.i++;
    while (this.i < s.length && s[this.i] !== '"') {
      const c = s[this.i]!;
      if (c === '\\' && '$`"\\\n'.includes(s[this.i + 1] ?? '')) {
        if (s[this.i + 1] === '\n') this.newline(this.i + 2);
        else this.append(s[this.i + 1]!);
        this.i += 2;
      } else if (c === '$' || c === '`') this.append(this.expansion());
      else {
        let j = this.i + 1;
        while (j < s.length && !QUOTED_SPECIAL.has(s[j]!)) j++;
        this.appendSpan(this.i, j);
        this.i = j;
      }
    }
    this.i++;
  }

  /** `$NAME`, `${...}`, `$(...)` or a backtick command, read past; its placeholder text. */
  private expansion(): string {
    const s = this.s;
    const start = this.i;
    if (s[start] === '`') {
      const end = s.indexOf('`', start + 1);
      this.i = end === -1 ? s.length : end + 1;
      return this.commandPlaceholder(s.slice(start + 1, this.i - 1));
    }
    const d = s[start + 1];
    if (d === '{' && s[start + 2] === '{') {
      // a CI system's expression (GitHub Actions' ${{ secrets.X }}), filled in before the shell runs
      const end = s.indexOf('}}', start + 3);
      this.i = end === -1 ? s.length : end + 2;
      return end !== -1 && end - start <= MAX_EXPANSION_TEXT * 4 ? s.slice(start, this.i) : this.placeholder(s.slice(start + 3, end === -1 ? s.length : end));
    }
    if (d === '{') {
      const end = s.indexOf('}', start + 2);
      this.i = end === -1 ? s.length : end + 1;
      // ${NAME:-default}: named by the variable alone (a default may be a value)
      const inner = s.slice(start + 2, end === -1 ? s.length : end);
      let k = 0;
      // (dots too: a Terraform reference filled into a local-exec command, aws_subnet.a.id,
      // and CloudFormation's ${AWS::Region} in a template's command)
      for (;;) {
        while (k < inner.length && /[A-Za-z0-9_.]/.test(inner[k]!)) k++;
        if (k > 0 && inner[k] === ':' && inner[k + 1] === ':') k += 2;
        else break;
      }
      return this.placeholder(k > 0 ? inner.slice(0, k) : 'VALUE');
    }
    if (d === '(') {
      // to the matching parenthesis (quotes inside are not told apart: a bounded guess)
      let depth = 0;
      let j = start + 1;
      for (; j < s.length; j++) {
        if (s[j] === '(') depth++;
        else if (s[j] === ')' && --depth === 0) break;
      }
      this.i = Math.min(s.length, j + 1);
      return this.commandPlaceholder(s.slice(start + 2, j));
    }
    let j = start + 1;
    if (d !== undefined && /[0-9@*#?$!-]/.test(d)) j++;
    else {
      while (j < s.length && /[A-Za-z0-9_]/.test(s[j]!)) j++;
      // PowerShell's $env:NAME is one variable
      if (s.slice(start + 1, j) === 'env' && s[j] === ':' && /[A-Za-z_]/.test(s[j + 1] ?? '')) for (j++; j < s.length && /[A-Za-z0-9_]/.test(s[j]!); j++);
    }
    if (j === start + 1) {
      this.i++;
      return '$';
    }
    this.i = j;
    return this.placeholder(s.slice(start + 1, j));
  }

  /** A command substitution, named by the command it runs, never by its arguments (they may hold a value). */
  private commandPlaceholder(command: string): string {
    const read = secretRead(command);
    if (read) return this.placeholder(`$(aws ${read} …)`);
    const first = /^\s*([A-Za-z0-9_./-]{1,40})/.exec(command)?.[1];
    return this.placeholder(first ? `$(${first} …)` : '$(…)');
  }

  private placeholder(written: string): string {
    // one line, no closing brace, bounded: it still reads as one `${...}` placeholder
    let name = written.replace(/[\r\n\t}]+/g, ' ').trim();
    if (name.length > MAX_EXPANSION_TEXT) name = name.slice(0, MAX_EXPANSION_TEXT - 1) + '…';
    return '${' + (name === '' ? 'VALUE' : name) + '}';
  }

  private skipComment(): void {
    const end = this.s.indexOf('\n', this.i);
    this.i = end === -1 ? this.s.length : end;
  }

  /** `<<WORD` or `<<-WORD` (quoted or not): its body, from the next line, is data, not commands. */
  private heredoc(): void {
    const s = this.s;
    this.endWord();
    let j = this.i + 2;
    const tabs = s[j] === '-';
    if (tabs) j++;
    while (s[j] === ' ' || s[j] === '\t') j++;
    let delimiter = '';
    let quoted = false;
    while (j < s.length && !/[\s;&|<>()]/.test(s[j]!)) {
      if (s[j] !== "'" && s[j] !== '"' && s[j] !== '\\') delimiter += s[j];
      else quoted = true;
      j++;
    }
    this.i = j;
    if (delimiter !== '') this.heredocs.push({ delimiter, tabs, quoted });
  }

  /** The text as an unquoted here-document's body: see expandHeredoc. */
  expandBody(): { text: string; offset(index: number): number } {
    const s = this.s;
    const parts: string[] = [];
    let length = 0;
    const offsets = new AnchoredOffsets(0, s.length);
    let run = 0;
    const replace = (from: number, written: string, resume: number) => {
      if (from > run) {
        parts.push(s.slice(run, from));
        length += from - run;
      }
      parts.push(written);
      length += written.length;
      offsets.anchor(length, resume);
      run = resume;
    };
    while (this.i < s.length) {
      const c = s[this.i]!;
      const d = s[this.i + 1];
      if (c === '\\' && (d === '$' || d === '`' || d === '\\')) {
        replace(this.i, d, this.i + 2);
        this.i += 2;
      } else if (c === '$' || c === '`') {
        const from = this.i;
        const written = this.expansion();
        if (written === '$') continue;
        replace(from, written, this.i);
      } else {
        this.i++;
      }
    }
    if (s.length > run) parts.push(s.slice(run));
    return { text: parts.join(''), offset: (index) => offsets.offset(index) };
  }

  private skipHeredocBodies(): void {
    const s = this.s;
    for (const h of this.heredocs) {
      const start = this.i;
      let bodyEnd = s.length;
      while (this.i < s.length) {
        const lineStart = this.i;
        let end = s.indexOf('\n', this.i);
        if (end === -1) end = s.length;
        let text = s.slice(this.i, end).replace(/\r$/, '');
        if (h.tabs) text = text.replace(/^\t+/, '');
        this.i = Math.min(s.length, end + 1);
        this.newline(this.i);
        if (text === h.delimiter) {
          bodyEnd = lineStart;
          break;
        }
      }
      this.bodies.push({ start, end: bodyEnd, quoted: h.quoted });
    }
    this.heredocs = [];
  }
}
