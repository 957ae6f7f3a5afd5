// IAM's wildcard matching (`*` any run, `?` one character), case-insensitive for actions.
// Iterative two-pointer matching: linear in practice and never exponential, unlike a regex built
// from a policy string.

export function wildcardMatch(pattern: string, value: string, ignoreCase: boolean): boolean {
  const p = ignoreCase ? pattern.toLowerCase() : pattern;
  const v = ignoreCase ? value.toLowerCase() : value;
  let pi = 0;
  let vi = 0;
  let star = -1;
  let mark = 0;
  while (vi < v.length) {
    if (pi < p.length && (p[pi] === '?' || p[pi] === v[vi])) {
      pi++;
      vi++;
    } else if (pi < p.length && p[pi] === '*') {
      star = pi++;
      mark = vi;
    } else if (star !== -1) {
      pi = star + 1;
      vi = ++mark;
    } else {
      return false;
    }
  }
  while (pi < p.length && p[pi] === '*') pi++;
  return pi === p.length;
}

/** The pattern positions a glob can be at after reading `text` (a star may match nothing). */
function globStates(pattern: string, text: string, ignoreCase: boolean): Set<number> {
  const p = ignoreCase ? pattern.toLowerCase() : pattern;
  const t = ignoreCase ? text.toLowerCase() : text;
  const close = (states: Set<number>) => {
    for (const i of states) if (p[i] === '*') states.add(i + 1); // Set iteration visits added items
    return states;
  };
  let states = close(new Set([0]));
  for (let k = 0; k < t.length; k++) {
    const ch = t[k];
    const next = new Set<number>();
    for (const i of states) {
      if (i >= p.length) continue;
      if (p[i] === '*') next.add(i);
      else if (p[i] === '?' || p[i] === ch) next.add(i + 1);
    }
    if (next.size === 0) return next;
    states = close(next);
  }
  return states;
}

/**
 * Whether the glob, once it has read `prefix`, matches every non-empty continuation: every
 * parameter name, secret name or key id after the resource type. Only a rest of the pattern made
 * of wildcards can (a literal character in it is missed by a name without that character), and
 * together those rests must accept every length from 1 up.
 */
export function globCoversEverySuffix(pattern: string, prefix: string, ignoreCase = false): boolean {
  const exact = new Set<number>();
  let open = Infinity;
  for (const i of globStates(pattern, prefix, ignoreCase)) {
    const rest = pattern.slice(i);
    if (/[^*?]/.test(rest)) continue;
    let q = 0;
    for (const ch of rest) if (ch === '?') q++;
    if (rest.includes('*')) open = Math.min(open, q);
    else exact.add(q);
  }
  if (open === Infinity) return false;
  for (let len = 1; len < open; len++) if (!exact.has(len)) return false;
  return true;
}
