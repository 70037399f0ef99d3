// The built-in scenarios, by name: each pattern that has one declares it in its own folder
// (patterns/<name>/scenario.ts); the simulator only looks them up. A name may carry a variant
// after a colon (`rcu-list:none`, the module's mode). `simulate`, `diff` and `explore` take these
// names wherever they take a scenario file, and the editor's simulator commands use the same table.

import { SEED_SCENARIO, seedWithReaders } from '../../patterns/phased-state-change/scenario';
import { fitRcuList, RCU_LIST_MODES, type RcuListMode, rcuListScenario } from '../../patterns/rcu-list/scenario';
import type { PatternLine } from '../compare/patternDiff';
import type { Scenario } from './scenario';

interface BuiltinScenario {
  name: string;
  /** One line for `--help` and errors. */
  about: string;
  variants: readonly string[];
  /** The timed scenario (simulate, diff) for a variant; readers: how many, when the caller asks. */
  timed(variant: string, readers?: number): Scenario;
  /** The form `explore` checks (every ordering of it): small enough to explore exhaustively. */
  explored(variant: string, readers?: number): Scenario;
  /** For a data-declared pattern's scenario: the pattern whose runs it reruns (`diff`, `--fit`),
   * and the scenario one run followed, from the run's lines. */
  pattern?: { name: string; fit(lines: readonly PatternLine[]): { scenario: Scenario; notes: string[] } };
}

const seed = (_v: string, readers?: number): Scenario => (readers === undefined ? SEED_SCENARIO : seedWithReaders(readers));

const BUILTINS: readonly BuiltinScenario[] = [
  {
    name: 'phased-state-change',
    about: 'the seed module (the default): two readers and an updater whose update work must not overlap a quick-path reader',
    variants: [],
    timed: seed,
    explored: seed,
  },
  {
    name: 'rcu-list',
    about: `the lab's rcu_list module: readers look up list elements, a deleter unlinks and frees them; variants ${RCU_LIST_MODES.map((m) => `rcu-list:${m}`).join(', ')} (rcu-list is rcu-list:sync)`,
    variants: RCU_LIST_MODES,
    timed: (v, readers) => rcuListScenario({ mode: v as RcuListMode, ...(readers !== undefined ? { readers } : {}) }),
    explored: (v, readers) => rcuListScenario({ mode: v as RcuListMode, small: true, ...(readers !== undefined ? { readers } : {}) }),
    pattern: {
      name: 'rcu-list',
      fit: (lines) => { const f = fitRcuList(lines); return { scenario: rcuListScenario({ mode: f.mode, plan: f.plan }), notes: f.notes }; },
    },
  },
];

export class BuiltinScenarioError extends Error {}

/** Is this `--scenario` value a built-in name (`rcu-list`, `rcu-list:none`) rather than a file? */
export function isBuiltinScenarioName(s: string): boolean {
  return BUILTINS.some((b) => s === b.name || s.startsWith(`${b.name}:`));
}

/** The built-in scenario `name[:variant]`, in its timed or explored form. */
export function builtinScenario(spec: string, form: 'timed' | 'explored', readers?: number): Scenario {
  const [name, variant, ...rest] = spec.split(':');
  const b = BUILTINS.find((x) => x.name === name);
  if (!b) throw new BuiltinScenarioError(`no built-in scenario ${JSON.stringify(spec)}: ${builtinScenarioHelp()}`);
  const v = variant ?? b.variants[0] ?? '';
  if (rest.length || (variant !== undefined && !b.variants.includes(variant))) {
    throw new BuiltinScenarioError(`${name} has ${b.variants.length ? `the variants ${b.variants.join(', ')}` : 'no variants'} (got ${JSON.stringify(spec)})`);
  }
  return b[form](v, readers);
}

/** The built-in names, one line each. */
export function builtinScenarioHelp(): string {
  return `built-in scenarios: ${BUILTINS.map((b) => `${b.name} (${b.about})`).join('; ')}`;
}

/** The built-in scenario that reruns runs of pattern `name` (rcu-list), if one does. */
export function scenarioForPattern(name: string): { spec: string; fit: NonNullable<BuiltinScenario['pattern']>['fit'] } | null {
  const b = BUILTINS.find((x) => x.pattern?.name === name);
  return b?.pattern ? { spec: b.name, fit: b.pattern.fit } : null;
}

/** The pattern a built-in scenario name (`rcu-list:none`) reruns, if it is one of a pattern's. */
export function patternOfScenario(spec: string): string | null {
  return BUILTINS.find((x) => spec === x.name || spec.startsWith(`${x.name}:`))?.pattern?.name ?? null;
}
