// A scenario as a Program for the exhaustive checker. Timing disappears (sleeps and busy loops
// say nothing about which orders are possible: any of them may take any time); what remains is
// what RCU and the memory model constrain. Each printk is a full barrier in its thread (it takes
// the console and log-buffer locks, and the log's order is the order it records).

import type { CompiledProfile, Profile } from '../../profile';
import { classifier } from '../classify';
import type { Scenario, Step } from '../scenario';
import { buildProgram, type Program, type Stmt, type ThreadSource } from './program';

export interface ScenarioProgram {
  program: Program;
  /** Thread index by task name. */
  threadOf: Map<string, number>;
}

export function scenarioProgram(sc: Scenario, profile?: Profile | CompiledProfile): ScenarioProgram {
  const classify = classifier(profile);
  const sources: ThreadSource[] = [];
  const pending: { name: string; fn: string; start: ThreadSource['start'] }[] = sc.tasks.map((t) => ({ name: t.name, fn: t.fn, start: 'initial' as const }));
  let tmp = 0;
  const compile = (steps: readonly Step[], task: string): Stmt[] => {
    const out: Stmt[] = [];
    for (const s of steps) {
      switch (s.op) {
        case 'print': {
          const c = classify(s.text, task);
          out.push({ s: 'print', label: { kind: c.kind ?? 'print', task: c.kind ? c.task : task, text: s.text, printer: task } });
          break;
        }
        case 'sleep': case 'busy': break;
        case 'spawn': pending.push({ name: s.task, fn: s.fn, start: 'spawned' }); out.push({ s: 'spawn', thread: s.task }); break;
        case 'call': out.push(...compile(sc.functions[s.fn] ?? [], task)); break;
        case 'rcu_read_lock': out.push({ s: 'rcu-lock' }); break;
        case 'rcu_read_unlock': out.push({ s: 'rcu-unlock' }); break;
        case 'read': out.push({ s: 'read', reg: s.into, addr: { k: 'const', v: s.var } }); break;
        case 'write': out.push({ s: 'write', addr: { k: 'const', v: s.var }, val: { k: 'const', v: s.value } }); break;
        case 'if': {
          let reg: string;
          if ('read' in s.cond) {
            reg = `%c${tmp++}`;
            out.push({ s: 'read', reg, addr: { k: 'const', v: s.cond.read } });
          } else reg = s.cond.reg;
          const r = { k: 'reg' as const, name: reg };
          const cond = s.cond.equals === undefined ? r : { k: 'bin' as const, op: '==' as const, a: r, b: { k: 'const' as const, v: s.cond.equals } };
          out.push({ s: 'if', cond, then: compile(s.then, task), else: compile(s.else, task) });
          break;
        }
        case 'synchronize_rcu': out.push({ s: 'sync' }); break;
        case 'call_rcu': pending.push({ name: s.callback, fn: s.fn, start: 'callback' }); out.push({ s: 'call-rcu', thread: s.callback }); break;
        case 'rcu_barrier': out.push({ s: 'barrier' }); break;
        case 'smp_mb': out.push({ s: 'fence', kind: 'mb' }); break;
        case 'spin_lock': out.push({ s: 'spin-lock', lock: s.lock }); break;
        case 'spin_unlock': out.push({ s: 'spin-unlock', lock: s.lock }); break;
      }
    }
    return out;
  };
  for (let i = 0; i < pending.length; i++) {
    const p = pending[i]!;
    sources.push({ name: p.name, start: p.start, body: compile(sc.functions[p.fn] ?? [], p.name) });
  }
  const init = new Map(Object.entries(sc.vars ?? {}));
  return {
    program: buildProgram(sources, init, Object.keys(sc.vars ?? {})),
    threadOf: new Map(sources.map((s, i) => [s.name, i])),
  };
}
