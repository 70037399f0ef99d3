// An Analysis as a SARIF 2.1.0 log (OASIS Static Analysis Results Interchange Format), for CI:
// GitHub code scanning and the SARIF viewer extensions read `rcu-lens check --format sarif` as is.
// One run; one rule per RCU rule id and per stall kind, whether or not this log has one, so that a
// result's ruleIndex is stable; each violation an error at the line that broke the rule, with the
// other lines involved (the reader's begin and end, the grace period's call and return) as related
// locations; each stall report a warning; the analysis' own warnings (lost lines, a reader never
// ended...) notes. Plain data, no Node API: the core builds it, the CLI prints it.
// Validated against the OASIS schema in test/unit/sarif.test.ts.

import type { Analysis, Related, RuleId, Stall, StallKind } from '../model';
import { RULES } from '../patterns/phased-state-change/checks';
import { RULE_MEANING, STALL_KIND_MEANING } from '../explain/events';
import { RCU_DOCS } from '../explain/docs';
import { stallSummary } from './text';

const SARIF_SCHEMA_URI = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
/** Where each rule is described for people: the README's tables (relative to the repository root;
 *  there is no public repository URL to make it absolute, so helpUri points at the kernel's docs). */
const README_RULES = { link: 'README.md#rcu-rules-checked', title: 'RCU rules checked' };
const README_STALLS = { link: 'README.md#stall-reports', title: 'Stall reports' };
/** Rule id of the analysis' own warnings (not RCU findings: what the log lacks or garbles). */
export const WARNING_RULE = 'log-warning';
/** A pathological log must not make a SARIF file CI cannot upload; the rest is counted in a note. */
const MAX_RESULTS_PER_KIND = 1000;

interface SarifOptions {
  /** The file as the user named it: a relative path is relative to the checkout (%SRCROOT%). `-` is stdin. */
  file: string;
  toolVersion: string;
}

type Json = Record<string, unknown>;

// Every kind, checked by the compiler: a new StallKind fails here until it has a rule.
const STALL_KIND_SET: Record<StallKind, true> = {
  'cpu-stall': true, 'self-detected': true, 'expedited': true, 'kthread-starved': true, 'tasks-blocked': true,
  'timer-wakeup': true, 'tasks-rcu': true, 'stall-ended': true, 'writer-stall': true,
};
const STALL_KINDS = Object.keys(STALL_KIND_SET) as StallKind[];

const README_TORTURE = { link: 'README.md#rcutorture-consoles', title: 'rcutorture consoles' };

function tortureRuleId(kind: string): string {
  return `torture:${kind}`;
}

export function stallRuleId(kind: StallKind): string {
  return `stall:${kind}`;
}

function rule(id: string, title: string, text: string, doc: string, readme: { link: string; title: string }, level: 'error' | 'warning' | 'note'): Json {
  return {
    id,
    name: title.replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ?? '').toUpperCase()).replace(/^./, (c) => c.toUpperCase()),
    shortDescription: { text: title },
    fullDescription: { text },
    help: {
      text: `${text}\nRule table: the rcu-lens README, section "${readme.title}" (${readme.link}). Kernel documentation: ${doc}`,
      markdown: `${text}\n\nRule table: the rcu-lens README, section [${readme.title}](${readme.link}). Kernel documentation: <${doc}>`,
    },
    helpUri: doc,
    defaultConfiguration: { level },
  };
}

function ruleList(extraRules: readonly string[], extraStalls: readonly StallKind[]): Json[] {
  const ids = [...Object.keys(RULES)];
  for (const r of extraRules) if (!ids.includes(r)) ids.push(r);
  const out = ids.map((id) => {
    const m = (RULE_MEANING as Partial<Record<string, { title: string; why: string; doc: string }>>)[id];
    const what = (RULES as Partial<Record<string, string>>)[id];
    return rule(id, m?.title ?? id, [what && `${what[0]!.toUpperCase()}${what.slice(1)}.`, m?.why].filter(Boolean).join(' ') || id,
      m?.doc ?? RCU_DOCS.requirements, README_RULES, 'error');
  });
  for (const k of [...STALL_KINDS, ...extraStalls.filter((k) => !STALL_KINDS.includes(k))]) {
    out.push(rule(stallRuleId(k), `RCU stall report (${k})`, `The kernel printed an RCU stall warning: ${STALL_KIND_MEANING[k] ?? k}.`,
      RCU_DOCS.stallWarn, README_STALLS, 'warning'));
  }
  out.push(rule(WARNING_RULE, 'log warning', 'Something the log lacks or garbles (a lost line, a reader that never ended, a broken timestamp): not an RCU finding, but the analysis may be incomplete there.',
    RCU_DOCS.index, README_RULES, 'note'));
  return out;
}

function artifactUri(file: string): Json {
  if (file === '-') return { uri: 'stdin' };
  const p = file.replace(/\\/g, '/');
  const enc = (s: string): string => encodeURI(s).replace(/[?#]/g, encodeURIComponent);
  if (/^[A-Za-z]:\//.test(p)) return { uri: `file:///${enc(p)}` };
  if (p.startsWith('/')) return { uri: `file://${enc(p)}` };
  return { uri: enc(p.replace(/^\.\//, '')), uriBaseId: '%SRCROOT%' };
}

function location(line: number, message?: string, id?: number): Json {
  const loc: Json = { physicalLocation: { artifactLocation: { index: 0 }, ...(line > 0 ? { region: { startLine: line } } : {}) } };
  if (id !== undefined) loc.id = id;
  if (message !== undefined) loc.message = { text: message };
  return loc;
}

/** A summed-up result (capViolations.ts, capWarnings.ts): how many it stands for, in its property bag. */
function omitted(n: number | undefined): Json {
  return n === undefined ? {} : { properties: { omitted: n } };
}

function related(rel: readonly Related[]): Json[] {
  return rel.filter((r) => r.line > 0).map((r, i) => location(r.line, r.message, i + 1));
}

function stallResult(s: Stall, ruleIndex: Map<string, number>): Json {
  const kind = s.kinds[0] ?? 'cpu-stall';
  const id = stallRuleId(kind);
  const meaning = s.kinds.map((k) => STALL_KIND_MEANING[k] ?? k).join('; ');
  const rel: Related[] = [];
  if (s.culprit) rel.push({ line: s.culprit.line, message: `likely culprit: ${s.culprit.frame}` });
  if (s.endLine !== s.line) rel.push({ line: s.endLine, message: 'end of the stall report' });
  return {
    ruleId: id, ruleIndex: ruleIndex.get(id), level: 'warning',
    message: { text: `RCU stall: ${stallSummary(s)} — ${meaning}` },
    locations: [location(s.line)],
    ...(rel.length ? { relatedLocations: related(rel) } : {}),
  };
}

/** The SARIF log of one analysed file. */
export function toSarif(a: Analysis, o: SarifOptions): Json {
  const rules = ruleList(a.violations.map((v) => v.rule as RuleId), [...new Set(a.stalls.map((s) => s.kinds[0] ?? 'cpu-stall'))]);
  for (const id of new Set((a.kernel?.findings ?? []).map((f) => f.rule))) {
    rules.push(rule(id, `kernel RCU: ${id.replace(/^kernel-/, '').replace(/-/g, ' ')}`, `A rule of the kernel's own RCU, checked on its tracepoints (${id}).`, RCU_DOCS.requirements, README_RULES, 'error'));
  }
  for (const kind of new Set((a.torture ?? []).flatMap((r) => r.failures.map((f) => f.kind)))) {
    rules.push(rule(tortureRuleId(kind), `rcutorture failure (${kind})`, `An rcutorture run failed as the kernel's parse-console.sh / console-badness.sh would flag it (${kind}).`,
      RCU_DOCS.index, README_TORTURE, kind === 'incomplete' ? 'warning' : 'error'));
  }
  const ruleIndex = new Map(rules.map((r, i) => [r.id as string, i]));
  const results: Json[] = [];
  const dropped: string[] = [];
  const capped = <T>(what: string, items: readonly T[]): readonly T[] => {
    if (items.length > MAX_RESULTS_PER_KIND) dropped.push(`${items.length - MAX_RESULTS_PER_KIND} more ${what}`);
    return items.length > MAX_RESULTS_PER_KIND ? items.slice(0, MAX_RESULTS_PER_KIND) : items;
  };
  for (const v of capped('violations', a.violations)) {
    results.push({
      ruleId: v.rule, ruleIndex: ruleIndex.get(v.rule), level: 'error',
      message: { text: v.message },
      locations: [location(v.line)],
      ...(v.related.length ? { relatedLocations: related(v.related) } : {}),
      ...omitted(v.omitted),
    });
  }
  for (const s of capped('stall reports', a.stalls)) results.push(stallResult(s, ruleIndex));
  for (const f of capped('kernel RCU findings', a.kernel?.findings ?? [])) {
    results.push({
      ruleId: f.rule, ruleIndex: ruleIndex.get(f.rule), level: f.severity,
      message: { text: f.message },
      locations: [location(f.line)],
      ...(f.related.length ? { relatedLocations: related(f.related) } : {}),
      ...omitted(f.omitted),
    });
  }
  const torture = (a.torture ?? []).flatMap((r) => r.failures.map((f) => ({ r, f })));
  for (const { r, f } of capped('rcutorture failures', torture)) {
    const rel: Related[] = [{ line: r.startLine, message: `start of the ${r.type} torture run` }];
    if (r.endLine !== r.startLine) rel.push({ line: r.endLine, message: `end of the run (${r.verdict})` });
    results.push({
      ruleId: tortureRuleId(f.kind), ruleIndex: ruleIndex.get(tortureRuleId(f.kind)), level: f.kind === 'incomplete' ? 'warning' : 'error',
      message: { text: `rcutorture (${r.type}) ${r.verdict}: ${f.message}` },
      locations: [location(f.line)],
      relatedLocations: related(rel),
    });
  }
  for (const w of capped('warnings', a.warnings)) {
    results.push({
      ruleId: WARNING_RULE, ruleIndex: ruleIndex.get(WARNING_RULE), level: 'note', message: { text: w.message }, locations: [location(w.line)],
      ...(w.lastLine !== undefined ? { relatedLocations: related([{ line: w.lastLine, message: 'the last of them' }]) } : {}),
      ...omitted(w.omitted),
    });
  }
  const run: Json = {
    tool: { driver: { name: 'rcu-lens', semanticVersion: o.toolVersion, version: o.toolVersion, rules } },
    artifacts: [{ location: artifactUri(o.file), ...(o.file === '-' ? { description: { text: 'standard input' } } : {}) }],
    columnKind: 'utf16CodeUnits',
    results,
    properties: { runs: a.runs.length, boots: a.boots.length, lines: a.lines, format: a.format },
  };
  if (dropped.length) {
    run.invocations = [{
      executionSuccessful: true,
      toolExecutionNotifications: [{ level: 'note', message: { text: `Not listed, to keep the file small: ${dropped.join(', ')} (rcu-lens analyze lists them all).` } }],
    }];
  }
  if (artifactUri(o.file).uriBaseId) run.originalUriBaseIds = { '%SRCROOT%': { description: { text: 'The directory rcu-lens was run in (the checkout).' } } };
  return { $schema: SARIF_SCHEMA_URI, version: '2.1.0', runs: [run] };
}
