// RFC 6901 JSON pointers: how findings, source maps and rule cases name a place in a document.

export function escapeSegment(segment: string | number): string {
  const s = String(segment);
  return s.includes('~') || s.includes('/') ? s.replace(/~/g, '~0').replace(/\//g, '~1') : s;
}

export function toPointer(segments: ReadonlyArray<string | number>): string {
  let out = '';
  for (const s of segments) out += '/' + escapeSegment(s);
  return out;
}

export function joinPointer(base: string, ...segments: Array<string | number>): string {
  return base + toPointer(segments);
}

/** A pointer segment as an array index (digits, no leading zero, at most 9 of them), or -1. */
export function arrayIndexOf(seg: string): number {
  if (seg.length === 0 || seg.length > 9 || (seg.length > 1 && seg.charCodeAt(0) === 0x30)) return -1;
  let n = 0;
  for (let k = 0; k < seg.length; k++) {
    const d = seg.charCodeAt(k) - 0x30;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

export function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw new Error(`JSON pointer must start with "/": ${pointer}`);
  const parts = pointer.slice(1).split('/');
  // most pointers escape nothing: no pass over the segments
  return pointer.includes('~') ? parts.map((s) => (s.includes('~') ? s.replace(/~1/g, '/').replace(/~0/g, '~') : s)) : parts;
}
