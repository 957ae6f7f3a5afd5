// Applies .ecsguard.yaml waivers to results: a matching, unexpired waiver turns a fail or unknown
// into waived; an expired one leaves the result as it was and says that it expired.
import { relative, resolve, sep } from 'node:path';
import picomatch from 'picomatch';
import type { Result, Waiver } from './results.js';
import type { Rule } from './rule-types.js';
import { addDays } from '../util/dates.js';

export interface WaiverContext {
  /** YYYY-MM-DD: a waiver applies up to and including its `expires` day. */
  today: string;
  cwd: string;
  /** Directory waiver paths are relative to (the configuration file's). */
  configDir: string;
  rules: Rule[];
}

export function applyWaivers(results: Result[], waivers: Waiver[], ctx: WaiverContext): Result[] {
  if (waivers.length === 0) return results;
  const aliasOf = new Map<string, string>();
  for (const r of ctx.rules) for (const a of r.aliases ?? []) aliasOf.set(a, r.id);
  const compiled = waivers.map((w) => ({
    w,
    rule: aliasOf.get(w.rule) ?? w.rule,
    path: w.path ? picomatch(w.path, { dot: true }) : undefined,
    resource: w.resource ? picomatch(w.resource, { dot: true, nocase: false }) : undefined,
    expired: w.expires < ctx.today,
  }));
  for (const result of results) {
    if (result.status !== 'fail' && result.status !== 'unknown') continue;
    const rel = relative(ctx.configDir, resolve(ctx.cwd, result.location.file)).split(sep).join('/');
    const subjectRel = relative(ctx.configDir, resolve(ctx.cwd, result.resource.file)).split(sep).join('/');
    for (const c of compiled) {
      if (c.rule !== '*' && c.rule !== result.ruleId) continue;
      const inline = c.w.inline;
      if (inline) {
        // written in a scanned file: that file only, and a comment's line only
        if (result.location.file !== inline.file && result.resource.file !== inline.file) continue;
        if (inline.line !== undefined && (result.location.file !== inline.file || result.location.line < inline.line || result.location.line > (inline.lastLine ?? inline.line))) continue;
      }
      if (c.path && !c.path(rel) && !c.path(subjectRel)) continue;
      if (c.resource) {
        const names = [result.resource.id, result.resource.name, result.resource.address].filter((x): x is string => !!x);
        if (!names.some((n) => c.resource!(n))) continue;
      }
      if (c.expired) {
        result.expiredWaiver ??= c.w;
        continue;
      }
      result.status = 'waived';
      result.waiver = c.w;
      delete result.expiredWaiver;
      break;
    }
  }
  return results;
}

/** A waiver expiring further out than this (without max-waiver-days) is a warning in every report. */
export const FAR_WAIVER_DAYS = 365;

export interface WaiverLimits {
  /** The waivers that may apply. */
  accepted: Waiver[];
  /** Refused by max-waiver-days: they do not apply. */
  refused: Waiver[];
  /** Accepted, expiring more than FAR_WAIVER_DAYS out (only without max-waiver-days). */
  far: Waiver[];
  /** The latest expiry accepted: today plus the limit. */
  limit: string;
}


/** Applies max-waiver-days: waivers that expire later are refused; without it, far ones are flagged. */
export function waiverLimits(waivers: Waiver[], today: string, maxWaiverDays: number | undefined): WaiverLimits {
  const limit = addDays(today, maxWaiverDays ?? FAR_WAIVER_DAYS);
  const out: WaiverLimits = { accepted: [], refused: [], far: [], limit };
  for (const w of waivers) {
    if (w.expires <= limit) out.accepted.push(w);
    else if (maxWaiverDays !== undefined) out.refused.push(w);
    else {
      out.accepted.push(w);
      out.far.push(w);
    }
  }
  return out;
}
