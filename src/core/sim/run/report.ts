// A readable summary of a simulation (the CLI's default output; the editor can show the same).

import type { Analysis } from '../../model';
import type { SimResult } from './types';

const t6 = (t: number | null): string => (t === null ? '—' : t.toFixed(6));
const dur = (a: number, b: number | null): string => (b === null ? 'never ended' : `${(b - a).toFixed(3)} s`);

export function renderSimSummary(sim: SimResult, checked?: Analysis, notes: readonly string[] = []): string {
  const o = sim.options;
  const out: string[] = [];
  out.push(`scenario ${sim.scenario.name}: ${o.cpus} CPU${o.cpus === 1 ? '' : 's'}, seed ${o.seed}${o.jitter ? `, jitter ±${(o.jitter * 100).toFixed(0)}%` : ''}, starts at ${t6(sim.startTime)} s after boot`);
  for (const n of notes) out.push(`  note: ${n}`);
  out.push('', 'expected log:');
  let width = 4; // a loop: Math.max(...events) overflows the stack on a long run
  for (const e of sim.events) if (e.printer.length > width) width = e.printer.length;
  for (const e of sim.events) out.push(`  ${t6(e.time).padStart(13)}  ${e.printer.padEnd(width)}  ${e.text}`);
  out.push('', 'readers:');
  if (sim.readers.length === 0) out.push('  none');
  for (const r of sim.readers) {
    const by = r.waitedForBy.length ? `, waited for by grace period ${r.waitedForBy.map((g) => g + 1).join(', ')}` : '';
    // a path only where the pattern's readers take one (the phased state change's quick/careful)
    out.push(`  ${r.task}${r.path ? ` ${r.path} path` : ''}: ${t6(r.begin)} → ${t6(r.end)} (${dur(r.begin, r.end)})${by}`);
  }
  out.push('', 'grace periods:');
  if (sim.gracePeriods.length === 0) out.push('  none');
  for (const g of sim.gracePeriods) {
    const who = [...g.callers.map((c) => `synchronize_rcu() in ${c}`), ...g.callbacks.map((c) => `call_rcu(${c})`)].join(', ');
    const waited = g.waitedFor.length ? g.waitedFor.map((id) => sim.readers[id]!.task).join(', ') : 'no reader';
    out.push(`  ${g.id + 1}: ${t6(g.start)} → ${t6(g.end)} (${dur(g.start, g.end)}) for ${who || 'nothing'}; waited for ${waited}`);
  }
  if (sim.warnings.length) {
    out.push('', 'warnings:');
    for (const w of sim.warnings) out.push(`  ${t6(w.time)}: ${w.message}`);
  }
  if (checked) {
    out.push('', checked.violations.length ? 'rcu-lens check of the expected log:' : 'rcu-lens check of the expected log: no RCU rule violated');
    for (const v of checked.violations) out.push(`  line ${v.line}: ${v.message} [${v.rule}]`);
  }
  return out.join('\n') + '\n';
}
