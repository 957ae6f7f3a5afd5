// Shell text split into commands and words, as far as a scanner needs it to read the AWS CLI
// commands a script runs: quotes, backslash escapes and line continuations, comments, command
// separators and here-documents. Nothing is expanded: `$VAR`, `${VAR}`, `$(...)` and backticks
// stay in the word as `${...}` placeholders (what the shell fills in when the script runs), and a
// CI system's `${{ ... }}` as written (it is filled in before the shell reads the script).
// Linear in the text: every character is looked at a bounded number of times.

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

export function shellCommands(script: string): ShellCommand[] {
  return new ShellReader(script).read();
}

class ShellReader {
  private i = 0;
  private line = 0;
  private lineStart = 0;
  private readonly commands: ShellCommand[] = [];
  private words: ShellWord[] = [];
  /** Here-document delimiters whose bodies start on the next line. */
  private heredocs: Array<{ delimiter: string; tabs: boolean }> = [];
  private word: { text: string; breaks: number[]; line: number; last: number; column: number } | undefined;

  constructor(private readonly s: string) {}

  read(): ShellCommand[] {
    const s = this.s;
    while (this.i < s.length) {
      const c = s[this.i]!;
      if (c === '\\') {
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
      } else if (c === '<' && s[this.i + 1] === '<' && s[this.i + 2] !== '<') this.heredoc();
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

  /** '...': every character literal, newlines too. */
  private singleQuoted(): void {
    const end = this.s.indexOf("'", this.i + 1);
    const to = end === -1 ? this.s.length : end;
    this.appendSpan(this.i + 1, to);
    this.i = to + 1;
  }

  /** The script's text from `from` to `to` as literal word text, in one piece, with the lines it crosses. */
  private appendSpan(from: number, to: number): void {
    const s = this.s;
    this.append('');
    const w = this.word!;
    const base = w.text.length - from;
    w.text += s.slice(from, to);
    for (let nl = s.indexOf('\n', from); nl !== -1 && nl < to; nl = s.indexOf('\n', nl + 1)) {
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
    while (j < s.length && !/[\s;&|<>()]/.test(s[j]!)) {
      if (s[j] !== "'" && s[j] !== '"' && s[j] !== '\\') delimiter += s[j];
      j++;
    }
    this.i = j;
    if (delimiter !== '') this.heredocs.push({ delimiter, tabs });
  }

  private skipHeredocBodies(): void {
    const s = this.s;
    for (const h of this.heredocs) {
      while (this.i < s.length) {
        let end = s.indexOf('\n', this.i);
        if (end === -1) end = s.length;
        let text = s.slice(this.i, end).replace(/\r$/, '');
        if (h.tabs) text = text.replace(/^\t+/, '');
        this.i = Math.min(s.length, end + 1);
        this.newline(this.i);
        if (text === h.delimiter) break;
      }
    }
    this.heredocs = [];
  }
}
