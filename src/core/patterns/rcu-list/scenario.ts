// The rcu-list pattern's scenario for the simulator and the explorer: the lab's rcu_list module
// (test/lab/rcu-list/rcu_list.c) written in the scenario language, with its exact messages, so
// that `rcu-lens simulate` prints a log the `rcu-list` pattern reads back and `diff` compares a
// real lab log with it. The module's loops and random choices become data: each reader's sections
// are unrolled (stopping when the deleter sets stop_readers, as the C loop does), and the elements
// looked up and deleted are a fixed sequence. An element's list link and its poison are variables:
// `eN_linked` (list_del_rcu() clears it) and `eN_freed` (poisoning or freeing sets it), so a
// reader that found an element and then reads its memory freed is a read of `eN_freed` that
// returns 1 — the invariant the explorer checks.

import type { Scenario, Step } from '../../sim/scenario/scenario';

export const RCU_LIST_MODES = ['sync', 'call_rcu', 'kfree_rcu', 'none'] as const;
export type RcuListMode = (typeof RCU_LIST_MODES)[number];

/** What one run does, in the module's own terms: each reader's sections (the element it looks
 * up, how long it holds it, the sleep after) and the deleter's victims and waits. Seconds. */
interface RcuListPlan {
  readers: { start: number; sections: { element: number; hold: number; gap: number }[] }[];
  deleter: { start: number; victims: number[]; interval: number; poisonWait: number };
  bootTime: number;
  gpLatency: number;
}

interface RcuListParams {
  mode: RcuListMode;
  /** A run's own plan (fitRcuList) instead of the module's defaults. */
  plan?: RcuListPlan;
  /** Reader threads (the module's `readers`, default 3). */
  readers?: number;
  /** Critical sections each reader runs at most (the C loop runs until the deleter is done). */
  sections?: number;
  /** Elements the deleter unlinks and frees (`rounds`, default 4). */
  rounds?: number;
  /** The explorer's form: one section per reader, each looking up the first victim, one
   * deletion, no timing: every ordering of that is the question, not one run's timings. */
  small?: boolean;
}

const ELEMENTS = 8;
/** The module's defaults, seconds: reader_ms, gap_ms, interval_ms, poison_ms, start_ms. */
const HOLD = 0.2, GAP = 0.1, INTERVAL = 0.3, POISON_WAIT = 0.05, START = 0.3;
/** A reader re-checks the element's magic while it holds it; here every HOLD / CHECKS seconds. */
const CHECKS = 4;
/** The deleter's victims, in order (the lab's sync run deleted 3, 5, 2, 1). */
const VICTIMS = [3, 5, 2, 1, 7, 4, 8, 6];

const linked = (e: number): string => `e${e}_linked`;
const freed = (e: number): string => `e${e}_freed`;
const P = 'rcu_list: ';

/**
 * The element reader r looks up in its section k. The threads start 60 ms apart (the real ones
 * drift apart by their random lookups and scheduling), and with the module's default timings in
 * mode none, section k of reader r holds the element the deleter poisons next in these sections
 * (as the lab's none-1 run shows it): the timed run of the no-wait variant shows the bug. Every
 * other lookup finds an element that is never deleted, so the readers keep their rhythm.
 */
const MEETS: Record<string, number> = { '2/0': 0, '0/2': 1, '1/3': 2, '0/4': 3 }; // reader/section -> round
const KEPT = [4, 6, 7, 8];
function lookupOf(r: number, k: number, rounds: number): number {
  const round = MEETS[`${r}/${k}`];
  if (round !== undefined && round < rounds) return VICTIMS[round]!;
  return KEPT[(r + k) % KEPT.length]!;
}

/** hold(): check the magic, busy-wait a slice, check again...; stop at the first poison seen. */
function hold(r: number, e: number, slices: number, seconds = HOLD): Step[] {
  const uaf: Step = { op: 'print', text: `${P}reader ${r}: use-after-free of element ${e} (poison 0xdead)` };
  const rest: Step[] = slices > 0 ? [{ op: 'busy', seconds: round6(seconds / CHECKS) }, ...hold(r, e, slices - 1, seconds)] : [];
  return [{ op: 'if', cond: { read: freed(e) }, then: [uaf], else: rest }];
}

function section(r: number, e: number, small: boolean, seconds = HOLD): Step[] {
  return [
    { op: 'rcu_read_lock' },
    { op: 'print', text: `${P}reader ${r}: begin` },
    {
      op: 'if', cond: { read: linked(e) },
      then: [{ op: 'print', text: `${P}reader ${r}: holds element ${e}` }, ...hold(r, e, small ? 0 : CHECKS, seconds)],
      else: [{ op: 'print', text: `${P}reader ${r}: element ${e} not found` }],
    },
    { op: 'print', text: `${P}reader ${r}: end` },
    { op: 'rcu_read_unlock' },
  ];
}

/** The reader loop, unrolled: `while (!READ_ONCE(stop_readers)) { section; msleep(gap_ms); }`,
 * each turn an `if` of its own (a flat list: once the flag is set, the turns left do nothing). */
function readerLoop(r: number, sections: RcuListPlan['readers'][number]['sections']): Step[] {
  return sections.map((x): Step => ({ op: 'if', cond: { read: 'stop_readers' }, then: [], else: [...section(r, x.element, false, x.hold), { op: 'sleep', seconds: x.gap }] }));
}

/** The module's defaults as a plan: `sections` turns of each reader, the victims in order. */
function defaultPlan(readers: number, sections: number, rounds: number): RcuListPlan {
  return {
    readers: Array.from({ length: readers }, (_, r) => ({
      start: 0.0005 + 0.06 * r,
      sections: Array.from({ length: sections }, (_x, k) => ({ element: lookupOf(r, k, rounds), hold: HOLD, gap: GAP })),
    })),
    deleter: { start: START, victims: VICTIMS.slice(0, rounds), interval: INTERVAL, poisonWait: POISON_WAIT },
    bootTime: 1.95782,
    gpLatency: 0.02,
  };
}

/** One round of the deleter: unlink, then free the way the mode says. */
function deleteOne(mode: RcuListMode, e: number, small: boolean, fns: Scenario['functions'], poisonWait = POISON_WAIT): Step[] {
  const poisonAndKfree: Step[] = [
    { op: 'print', text: `${P}deleter: poison element ${e}` },
    { op: 'write', var: freed(e), value: 1 },
    ...(small ? [] : [{ op: 'sleep' as const, seconds: poisonWait }]),
    { op: 'print', text: `${P}deleter: kfree element ${e}` },
  ];
  const out: Step[] = [
    { op: 'write', var: linked(e), value: 0 }, // list_del_rcu(), then the message
    { op: 'print', text: `${P}deleter: unlink element ${e}` },
  ];
  switch (mode) {
    case 'sync':
      out.push(
        { op: 'print', text: `${P}deleter: synchronize_rcu() begin` },
        { op: 'synchronize_rcu' },
        { op: 'print', text: `${P}deleter: synchronize_rcu() end` },
        ...poisonAndKfree,
      );
      break;
    case 'call_rcu':
      fns[`free_cb_${e}`] = [{ op: 'print', text: `${P}callback: free element ${e}` }, { op: 'write', var: freed(e), value: 1 }];
      out.push({ op: 'print', text: `${P}deleter: call_rcu element ${e}` }, { op: 'call_rcu', callback: `rcu_cb_${e}`, fn: `free_cb_${e}` });
      break;
    case 'kfree_rcu':
      // kfree_rcu(): the kernel frees the element after a grace period and prints nothing
      fns[`kfree_${e}`] = [{ op: 'write', var: freed(e), value: 1 }];
      out.push({ op: 'print', text: `${P}deleter: kfree_rcu element ${e}` }, { op: 'call_rcu', callback: `kfree_rcu_${e}`, fn: `kfree_${e}` });
      break;
    case 'none':
      out.push(...poisonAndKfree); // BUG: readers may still hold e
      break;
  }
  return out;
}

/** The rcu_list module as a scenario (see the file comment); `small` is the explorer's form. */
export function rcuListScenario(p: RcuListParams): Scenario {
  const { mode, small = false } = p;
  const plan = p.plan ?? defaultPlan(p.readers ?? (small ? 2 : 3), p.sections ?? 10, small ? 1 : p.rounds ?? 4);
  const readers = plan.readers.length;
  const victims = small ? plan.deleter.victims.slice(0, 1) : plan.deleter.victims;
  const rounds = victims.length;
  const fns: Scenario['functions'] = {};
  const vars: Record<string, number> = { stop_readers: 0 };
  const elements = Math.max(ELEMENTS, ...victims, ...plan.readers.flatMap((r) => r.sections.map((x) => x.element)));
  for (let e = 1; e <= elements; e++) { vars[linked(e)] = 1; vars[freed(e)] = 0; }

  const init: Step[] = [{
    op: 'print',
    text: `${P}init mode=${mode} elements=${elements} readers=${readers} rounds=${rounds} reader_ms=${HOLD * 1000} gap_ms=${GAP * 1000} interval_ms=${INTERVAL * 1000} poison_ms=${POISON_WAIT * 1000}`,
  }];
  plan.readers.forEach((rd, r) => {
    const fn = `reader_thread_${r}`;
    fns[fn] = small ? section(r, victims[0]!, true) : readerLoop(r, rd.sections);
    init.push({ op: 'print', text: `${P}start reader ${r}` }, { op: 'spawn', task: `rcu_list_r${r}`, fn, delay: small ? 0 : rd.start });
  });
  const del: Step[] = small ? [] : [{ op: 'sleep', seconds: plan.deleter.start }];
  for (const e of victims) {
    del.push(...deleteOne(mode, e, small, fns, plan.deleter.poisonWait));
    if (!small) del.push({ op: 'sleep', seconds: plan.deleter.interval });
  }
  if (mode === 'call_rcu') {
    // the callbacks live in the module: wait for them before it can be unloaded
    del.push({ op: 'print', text: `${P}deleter: rcu_barrier() begin` }, { op: 'rcu_barrier' }, { op: 'print', text: `${P}deleter: rcu_barrier() end` });
  }
  del.push({ op: 'print', text: `${P}deleter: done (${rounds} unlinked)` }, { op: 'write', var: 'stop_readers', value: 1 });
  fns['deleter_thread'] = del;
  init.push({ op: 'print', text: `${P}start deleter` }, { op: 'spawn', task: 'rcu_list_del', fn: 'deleter_thread', delay: small ? 0 : 0.0005 });
  fns['rcu_list_init'] = init;

  return {
    name: `rcu-list:${mode}${small ? ' (explorer form)' : ''}${p.plan ? ' (fitted)' : ''}`,
    description: `The lab's rcu_list module, mode=${mode}: ${readers} readers looking up elements under rcu_read_lock(), a deleter that unlinks ${rounds} element${rounds === 1 ? '' : 's'} and frees ${rounds === 1 ? 'it' : 'them'} ${FREES[mode]}`,
    vars,
    tasks: [{ name: 'init', fn: 'rcu_list_init' }],
    functions: fns,
    timing: { bootTime: plan.bootTime, cpus: readers + 2, gpLatency: plan.gpLatency, printCost: 5e-5 },
    invariant: {
      says: 'no reader holds an element after it is freed',
      never: victims.map((e) => ({ read: freed(e) })),
    },
  };
}

/** A line of a run as the rcu-list pattern reads it (sim/compare/patternDiff.ts PatternLine). */
interface RunLine { time: number | null; event: string; task: string | null; object: string | null; label: string | null }

const round6 = (x: number): number => Math.round(x * 1e6) / 1e6;
const median = (xs: number[], dflt: number): number => { if (!xs.length) return dflt; const s = [...xs].sort((a, b) => a - b); return s[Math.floor((s.length - 1) / 2)]!; };

/**
 * Fitting: the plan one run of the module followed, from its lines — each reader's sections (the
 * element it held, for how long, the sleep after), the deleter's victims and waits, the
 * grace-period latency (synchronize_rcu()'s return after the last reader it waited for) — so the
 * rerun compares line for line. A section with no `holds` line looked up an element already gone.
 */
export function fitRcuList(lines: readonly RunLine[]): { mode: RcuListMode; plan: RcuListPlan; notes: string[] } {
  const notes: string[] = [];
  const timed = lines.filter((l): l is RunLine & { time: number } => l.time !== null);
  const init = timed.find((l) => l.event === 'init');
  const label = init?.label ?? 'sync';
  const mode: RcuListMode = (RCU_LIST_MODES as readonly string[]).includes(label) ? label as RcuListMode : 'sync';
  if (mode !== label) notes.push(`mode ${label} is not one of ${RCU_LIST_MODES.join(', ')}: fitted as sync`);
  const t0 = init?.time ?? timed[0]?.time ?? 0;
  const spawnAt = (task: string): number => timed.find((l) => l.event === 'spawn' && l.task === task)?.time ?? t0;
  const unlinks = timed.filter((l) => l.event === 'unlink' && l.object !== null);
  const victims = unlinks.map((l) => Number(l.object)).filter((n) => Number.isInteger(n) && n > 0);
  const goneBy = (t: number): number | undefined => [...unlinks].reverse().find((u) => u.time < t)?.object as number | undefined;

  const readerNames = [...new Set(timed.filter((l) => l.event === 'reader-begin' && l.task).map((l) => l.task!))]
    .sort((a, b) => Number(a.replace(/\D+/g, '')) - Number(b.replace(/\D+/g, '')));
  const readers = readerNames.map((name) => {
    const own = timed.filter((l) => l.task === name);
    const sections: RcuListPlan['readers'][number]['sections'] = [];
    let open: { begin: number; element: number | null; holdFrom: number | null } | null = null;
    let lastEnd: number | null = null;
    for (const l of own) {
      if (l.event === 'reader-begin') {
        if (lastEnd !== null && sections.length) sections[sections.length - 1]!.gap = round6(Math.max(0, l.time - lastEnd));
        open = { begin: l.time, element: null, holdFrom: null };
      } else if (l.event === 'reader-holds' && open) {
        open.element = Number(l.object);
        open.holdFrom = l.time;
      } else if (l.event === 'reader-end' && open) {
        const gone = Number(goneBy(open.begin) ?? victims[0] ?? 1);
        sections.push({ element: open.element ?? gone, hold: round6(open.holdFrom === null ? 0 : Math.max(0, l.time - open.holdFrom)), gap: GAP });
        lastEnd = l.time;
        open = null;
      }
    }
    const first = own.find((l) => l.event === 'reader-begin');
    return { start: round6(Math.max(0, (first?.time ?? t0) - spawnAt(name))), sections };
  });

  const del = timed.filter((l) => l.task === 'deleter' && l.event !== 'spawn');
  const intervals: number[] = [];
  for (let i = 1; i < unlinks.length; i++) {
    const prev = [...del].reverse().find((l) => l.time < unlinks[i]!.time && l.event !== 'unlink');
    if (prev) intervals.push(unlinks[i]!.time - prev.time);
  }
  const poisonWaits: number[] = [];
  const frees = del.filter((l) => l.event === 'free');
  for (let i = 0; i + 1 < frees.length; i++) if (frees[i]!.object === frees[i + 1]!.object) poisonWaits.push(frees[i + 1]!.time - frees[i]!.time);
  const latencies: number[] = [];
  for (const b of del.filter((l) => l.event === 'gp-begin')) {
    const e = del.find((l) => l.event === 'gp-end' && l.time >= b.time);
    if (!e) continue;
    const ends = timed.filter((l) => l.event === 'reader-end' && l.time > b.time && l.time <= e.time).map((l) => l.time);
    latencies.push(e.time - Math.max(b.time, ...ends));
  }
  const plan: RcuListPlan = {
    readers,
    deleter: {
      start: round6(Math.max(0, (unlinks[0]?.time ?? t0) - spawnAt('deleter'))),
      victims,
      interval: round6(median(intervals, INTERVAL)),
      poisonWait: round6(median(poisonWaits, POISON_WAIT)),
    },
    bootTime: t0,
    gpLatency: round6(median(latencies, 0.02)),
  };
  notes.push(`fitted from the run: ${readers.length} readers (${readers.map((r) => r.sections.length).join(', ')} sections), victims ${victims.join(', ') || 'none'}, grace-period latency ${(plan.gpLatency * 1000).toFixed(3)} ms`);
  return { mode, plan, notes };
}

const FREES: Record<RcuListMode, string> = {
  sync: 'after synchronize_rcu()',
  call_rcu: 'in a call_rcu() callback (rcu_barrier() before the end)',
  kfree_rcu: 'with kfree_rcu()',
  none: 'at once, without a grace period (the bug)',
};
