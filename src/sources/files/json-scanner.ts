// A small JSON tokenizer over the raw text. JSON.parse does the parsing; this finds where a
// JSON pointer sits in the file (only for findings), and where a syntax error is, because V8's
// own error messages quote the input and could print a secret.

export class JsonSyntaxError extends Error {
  constructor(
    readonly offset: number,
    readonly reason: string,
  ) {
    super(reason);
  }
}

const WS = new Set([0x20, 0x09, 0x0a, 0x0d]);

class Scanner {
  i = 0;
  constructor(readonly text: string) {}

  ws(): void {
    const t = this.text;
    while (this.i < t.length && WS.has(t.charCodeAt(this.i))) this.i++;
  }

  fail(reason: string): never {
    throw new JsonSyntaxError(this.i, reason);
  }

  /** Reads a string starting at the opening quote; returns its raw slice (with quotes). */
  rawString(): string {
    const t = this.text;
    const start = this.i;
    this.i++;
    let escaped = false;
    for (;;) {
      if (this.i >= t.length) {
        this.i = start;
        this.fail('unterminated string');
      }
      const c = t.charCodeAt(this.i);
      if (c === 0x5c) {
        escaped = true;
        this.i += 2;
        continue;
      }
      if (c === 0x22) break;
      if (c < 0x20) this.fail('control character in string');
      this.i++;
    }
    this.i++;
    const raw = t.slice(start, this.i);
    if (escaped) {
      try {
        JSON.parse(raw);
      } catch {
        this.i = start;
        this.fail('invalid escape in string');
      }
    }
    return raw;
  }

  /** Skips one value, validating it; iterative so depth cannot overflow the stack. */
  skipValue(): void {
    const t = this.text;
    const closers: number[] = [];
    let expectValue = true;
    for (;;) {
      this.ws();
      if (this.i >= t.length) this.fail('unexpected end of file');
      const c = t.charCodeAt(this.i);
      if (expectValue) {
        if (c === 0x7b /* { */) {
          this.i++;
          this.ws();
          if (t.charCodeAt(this.i) === 0x7d) {
            this.i++;
          } else {
            closers.push(0x7d);
            this.memberKey();
            continue;
          }
        } else if (c === 0x5b /* [ */) {
          this.i++;
          this.ws();
          if (t.charCodeAt(this.i) === 0x5d) {
            this.i++;
          } else {
            closers.push(0x5d);
            continue;
          }
        } else if (c === 0x22) {
          this.rawString();
        } else {
          this.literal();
        }
        expectValue = false;
      }
      // after a value: close containers or continue with a separator
      if (closers.length === 0) return;
      this.ws();
      const d = t.charCodeAt(this.i);
      const closer = closers[closers.length - 1]!;
      if (d === 0x2c /* , */) {
        this.i++;
        if (closer === 0x7d) {
          this.ws();
          this.memberKey();
        }
        expectValue = true;
      } else if (d === closer) {
        this.i++;
        closers.pop();
      } else {
        this.fail(closer === 0x7d ? "expected ',' or '}' after a property value" : "expected ',' or ']' after an array element");
      }
    }
  }

  private memberKey(): void {
    if (this.text.charCodeAt(this.i) !== 0x22) this.fail('expected a double-quoted property name');
    this.rawString();
    this.ws();
    if (this.text.charCodeAt(this.i) !== 0x3a) this.fail("expected ':' after a property name");
    this.i++;
  }

  private literal(): void {
    const t = this.text;
    const start = this.i;
    for (const word of ['true', 'false', 'null']) {
      if (t.startsWith(word, start)) {
        this.i += word.length;
        return;
      }
    }
    // number: -?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?  scanned by hand (no regex over input)
    let j = start;
    const digit = (k: number) => {
      const ch = t.charCodeAt(k);
      return ch >= 0x30 && ch <= 0x39;
    };
    if (t.charCodeAt(j) === 0x2d) j++;
    if (!digit(j)) this.fail('unexpected character');
    if (t.charCodeAt(j) === 0x30) j++;
    else while (digit(j)) j++;
    if (t.charCodeAt(j) === 0x2e) {
      j++;
      if (!digit(j)) {
        this.i = j;
        this.fail('invalid number');
      }
      while (digit(j)) j++;
    }
    if (t.charCodeAt(j) === 0x65 || t.charCodeAt(j) === 0x45) {
      j++;
      if (t.charCodeAt(j) === 0x2b || t.charCodeAt(j) === 0x2d) j++;
      if (!digit(j)) {
        this.i = j;
        this.fail('invalid number');
      }
      while (digit(j)) j++;
    }
    this.i = j;
  }
}

/** The first syntax error in a JSON text, or undefined when it is valid. */
export function findJsonSyntaxError(text: string): JsonSyntaxError | undefined {
  const s = new Scanner(text);
  try {
    s.skipValue();
    s.ws();
    if (s.i < text.length) s.fail('unexpected content after the JSON value');
    return undefined;
  } catch (e) {
    if (e instanceof JsonSyntaxError) return e;
    throw e;
  }
}

/**
 * Offset of the place a pointer names: the property name for an object member, the element for
 * an array item. When the path runs out (a field that is missing), the deepest existing ancestor.
 */
export function locateJsonPointer(text: string, segments: readonly string[]): number {
  const s = new Scanner(text);
  s.ws();
  let found = s.i;
  try {
    for (const seg of segments) {
      s.ws();
      const c = text.charCodeAt(s.i);
      if (c === 0x7b) {
        s.i++;
        let hit = false;
        s.ws();
        if (text.charCodeAt(s.i) === 0x7d) return found;
        for (;;) {
          s.ws();
          const keyStart = s.i;
          const raw = s.rawString();
          const key = raw.includes('\\') ? (JSON.parse(raw) as string) : raw.slice(1, -1);
          s.ws();
          s.i++; // ':'
          if (key === seg) {
            found = keyStart;
            hit = true;
            break;
          }
          s.skipValue();
          s.ws();
          if (text.charCodeAt(s.i) !== 0x2c) break;
          s.i++;
        }
        if (!hit) return found;
      } else if (c === 0x5b) {
        if (!/^(0|[1-9][0-9]{0,8})$/.test(seg)) return found;
        const index = Number(seg);
        s.i++;
        s.ws();
        if (text.charCodeAt(s.i) === 0x5d) return found;
        let k = 0;
        for (;;) {
          s.ws();
          if (k === index) break;
          s.skipValue();
          s.ws();
          if (text.charCodeAt(s.i) !== 0x2c) return found;
          s.i++;
          k++;
        }
        found = s.i;
      } else {
        return found;
      }
    }
  } catch (e) {
    if (e instanceof JsonSyntaxError) return found;
    throw e;
  }
  return found;
}
