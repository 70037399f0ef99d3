// A run's words for views: the pattern's (Run.pattern; the seed's when absent) for its phases,
// reader paths, grace periods, labelled work, events and rules. Every view asks here instead of
// naming a pattern's things itself, so a pattern's run is shown in its own words and the seed's
// look as they always did.

import type { Analysis, GracePeriod, Run, RuleId } from '../model';
import { SEED_PATTERN, SEED_PHASE_NAMES, SEED_RULE_IDS, SEED_WORDS } from '../patterns/phased-state-change/words';
import { RCU_EVENT_MEANING, RULE_MEANING } from './events';
import { namedAndMore } from '../waitLinks';
import type { EventMeaning, GpWords, PhaseWords, RuleMeaning, ViewWords } from './vocabulary';

/** Every rule id views know (the editor's rcuLens.rules setting): the seed's, then RCU's generic ones. */
export const ALL_RULE_IDS: readonly RuleId[] = [...SEED_RULE_IDS, ...(Object.keys(RULE_MEANING) as RuleId[])];

/** The phase theme colours, by colour slot: the seed's declared phases name them (package.json
 * contributes `rcuLens.phase.<name>Background`), so the seed's look is unchanged and any other
 * pattern's phases take them in turn. */
export const PHASE_COLOR_IDS: readonly string[] = SEED_PHASE_NAMES.map((n) => `rcuLens.phase.${n}Background`);

const isSeed = (run: Run | null | undefined): boolean => !run?.pattern || run.pattern === SEED_PATTERN;

/** The words of one run (the seed's for the profile's runs and when no run is given). */
export function wordsOf(a: Pick<Analysis, 'rcu'> | null, run: Run | null | undefined): ViewWords {
  if (!run || isSeed(run)) return SEED_WORDS;
  const rr = a?.rcu?.find((r) => r.run === run.id);
  const w = (rr?.words ?? {}) as { reader?: string; updater?: string; object?: string };
  const phases: PhaseWords[] = [];
  for (const p of run.phases) {
    if (phases.some((x) => x.name === p.name)) continue;
    const label = p.label ?? p.name;
    phases.push({ name: p.name, title: label, meaning: `a phase of the ${run.pattern} pattern`, tag: `RCU run {run} · ${run.pattern} · ${label}` });
  }
  const paths: ViewWords['paths'] = [];
  for (const rd of run.readers) if (rd.path && !paths.some((x) => x.name === rd.path)) paths.push({ name: rd.path, label: rd.path });
  return {
    pattern: run.pattern!, reader: w.reader ?? 'reader', updater: w.updater ?? 'updater', object: w.object ?? 'object',
    phases, paths, work: null, gps: [], events: RCU_EVENT_MEANING, rules: RULE_MEANING,
  };
}

/** The words of the run a line (or an index) belongs to. */
export function runWords(a: Analysis, runIndex: number | null | undefined): ViewWords {
  return wordsOf(a, runIndex === null || runIndex === undefined ? null : a.runs[runIndex]);
}

/** A phase's words; an undeclared phase is named as it is. */
export function phaseWords(w: ViewWords, name: string): PhaseWords {
  return w.phases.find((p) => p.name === name) ?? { name, title: name, meaning: '', tag: `RCU run {run} · ${name}` };
}

/** A phase's colour slot (index into PHASE_COLOR_IDS): its position in the pattern's declared list, in turn. */
export function phaseSlot(w: ViewWords, name: string): number {
  const i = w.phases.findIndex((p) => p.name === name);
  return Math.max(0, i) % PHASE_COLOR_IDS.length;
}

/** The editor's label where a phase starts (`RCU run 1 · normal`, or naming the readers its grace period waited for). */
export function phaseTag(w: ViewWords, run: Run, name: string): string {
  const p = phaseWords(w, name);
  // a few named, all counted (waitLinks.ts)
  const names = (ids: number[], count: number) => namedAndMore(ids.map((id) => run.readers[id]?.task ?? '?'), count) || `no ${w.reader}`;
  const g = p.gp !== undefined ? run.gracePeriods.find((x) => x.index === p.gp) : undefined;
  return p.tag.replace('{run}', String(run.id + 1)).replace('{waits}', g ? names(g.waitedFor, g.waitedForCount) : '?');
}

/** A grace period's words: the pattern's for its index, else its own label, else its number. */
export function gpWords(w: ViewWords, gp: GracePeriod): GpWords {
  const k = w.gps[gp.index - 1];
  if (k) return k;
  return { label: gp.label ?? `grace period ${gp.index}`, short: `GP${gp.index}`, lines: null, rule: gp.kind === 'call_rcu' ? 'callback-early' : 'gp-wait' };
}

/** What an event kind means in a run's words (RCU's generic meaning when the pattern has none). */
export function eventMeaning(w: ViewWords, kind: string): EventMeaning {
  return w.events[kind] ?? (RCU_EVENT_MEANING as Record<string, EventMeaning>)[kind] ?? { title: kind, meaning: '', doc: '' };
}

/** What a rule means: the run's pattern's words first, then RCU's generic rules, then any known pattern's. */
export function ruleMeaning(rule: string, w?: ViewWords): RuleMeaning | undefined {
  return w?.rules[rule] ?? (RULE_MEANING as Record<string, RuleMeaning>)[rule] ?? SEED_WORDS.rules[rule];
}

/** The path of a reader in its run's words (`quick path`), or null. */
export function pathLabel(w: ViewWords, path: string | null): string | null {
  if (!path) return null;
  return w.paths.find((p) => p.name === path)?.label ?? `${path} path`;
}

/** A reader path's colour slot: 0 (the first declared path's colour), 1, or -1 (unknown/none). */
export function pathSlot(w: ViewWords, path: string | null): number {
  if (!path) return -1;
  const i = w.paths.findIndex((p) => p.name === path);
  return i < 0 ? -1 : i % 2;
}
