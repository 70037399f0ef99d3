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

interface RcuListParams {
  mode: RcuListMode;
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

/** The element reader r looks up in its section k: reader 0 the element about to be deleted
 * (so the no-wait variant shows the bug in the timed run, as the lab's none-1 did), the others
 * spread over the list. */
function lookupOf(r: number, k: number, rounds: number): number {
  if (r === 0 && k >= 1 && k <= rounds) return VICTIMS[k - 1]!;
  return 1 + ((3 * r + 5 * k) % ELEMENTS);
}

/** hold(): check the magic, busy-wait a slice, again; stop at the first poison seen. */
function hold(r: number, e: number, checks: number, small: boolean): Step[] {
  const uaf: Step = { op: 'print', text: `${P}reader ${r}: use-after-free of element ${e} (poison 0xdead)` };
  const rest: Step[] = checks > 1 ? hold(r, e, checks - 1, small) : [];
  const slice: Step[] = small ? [] : [{ op: 'busy', seconds: HOLD / CHECKS }];
  return [{ op: 'if', cond: { read: freed(e) }, then: [uaf], else: [...slice, ...rest] }];
}

function section(r: number, e: number, small: boolean): Step[] {
  return [
    { op: 'rcu_read_lock' },
    { op: 'print', text: `${P}reader ${r}: begin` },
    {
      op: 'if', cond: { read: linked(e) },
      then: [{ op: 'print', text: `${P}reader ${r}: holds element ${e}` }, ...hold(r, e, small ? 1 : CHECKS, small)],
      else: [{ op: 'print', text: `${P}reader ${r}: element ${e} not found` }],
    },
    { op: 'print', text: `${P}reader ${r}: end` },
    { op: 'rcu_read_unlock' },
  ];
}

/** The reader loop, unrolled: `while (!READ_ONCE(stop_readers)) { section; msleep(gap_ms); }`. */
function readerLoop(r: number, sections: number, rounds: number, k = 0): Step[] {
  if (k >= sections) return [];
  return [{
    op: 'if', cond: { read: 'stop_readers' }, then: [],
    else: [...section(r, lookupOf(r, k, rounds), false), { op: 'sleep', seconds: GAP }, ...readerLoop(r, sections, rounds, k + 1)],
  }];
}

/** One round of the deleter: unlink, then free the way the mode says. */
function deleteOne(mode: RcuListMode, e: number, small: boolean, fns: Scenario['functions']): Step[] {
  const poisonAndKfree: Step[] = [
    { op: 'print', text: `${P}deleter: poison element ${e}` },
    { op: 'write', var: freed(e), value: 1 },
    ...(small ? [] : [{ op: 'sleep' as const, seconds: POISON_WAIT }]),
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
  const readers = p.readers ?? (small ? 2 : 3);
  const rounds = small ? 1 : p.rounds ?? 4;
  const sections = p.sections ?? 10;
  const fns: Scenario['functions'] = {};
  const vars: Record<string, number> = { stop_readers: 0 };
  for (let e = 1; e <= ELEMENTS; e++) { vars[linked(e)] = 1; vars[freed(e)] = 0; }

  const init: Step[] = [{
    op: 'print',
    text: `${P}init mode=${mode} elements=${ELEMENTS} readers=${readers} rounds=${rounds} reader_ms=${HOLD * 1000} gap_ms=${GAP * 1000} interval_ms=${INTERVAL * 1000} poison_ms=${POISON_WAIT * 1000}`,
  }];
  for (let r = 0; r < readers; r++) {
    const fn = `reader_thread_${r}`;
    fns[fn] = small ? section(r, VICTIMS[0]!, true) : readerLoop(r, sections, rounds);
    init.push({ op: 'print', text: `${P}start reader ${r}` }, { op: 'spawn', task: `rcu_list_r${r}`, fn, delay: 0.0005 });
  }
  const del: Step[] = small ? [] : [{ op: 'sleep', seconds: START }];
  for (let i = 0; i < rounds; i++) {
    del.push(...deleteOne(mode, VICTIMS[i]!, small, fns));
    if (!small) del.push({ op: 'sleep', seconds: INTERVAL });
  }
  if (mode === 'call_rcu') {
    // the callbacks live in the module: wait for them before it can be unloaded
    del.push({ op: 'print', text: `${P}deleter: rcu_barrier() begin` }, { op: 'rcu_barrier' }, { op: 'print', text: `${P}deleter: rcu_barrier() end` });
  }
  del.push({ op: 'print', text: `${P}deleter: done (${rounds} unlinked)` }, { op: 'write', var: 'stop_readers', value: 1 });
  fns['deleter_thread'] = del;
  init.push({ op: 'print', text: `${P}start deleter` }, { op: 'spawn', task: 'rcu_list_del', fn: 'deleter_thread', delay: 0.0005 });
  fns['rcu_list_init'] = init;

  const victims = VICTIMS.slice(0, rounds);
  return {
    name: `rcu-list:${mode}${small ? ' (explorer form)' : ''}`,
    description: `The lab's rcu_list module, mode=${mode}: ${readers} readers looking up elements under rcu_read_lock(), a deleter that unlinks ${rounds} element${rounds === 1 ? '' : 's'} and frees ${rounds === 1 ? 'it' : 'them'} ${FREES[mode]}`,
    vars,
    tasks: [{ name: 'init', fn: 'rcu_list_init' }],
    functions: fns,
    timing: { bootTime: 1.95782, cpus: readers + 2, gpLatency: 0.02, printCost: 5e-5 },
    invariant: {
      says: 'no reader holds an element after it is freed',
      never: victims.map((e) => ({ read: freed(e) })),
    },
  };
}

const FREES: Record<RcuListMode, string> = {
  sync: 'after synchronize_rcu()',
  call_rcu: 'in a call_rcu() callback (rcu_barrier() before the end)',
  kfree_rcu: 'with kfree_rcu()',
  none: 'at once, without a grace period (the bug)',
};
