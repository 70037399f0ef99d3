// What-if mutations a learner asks about: drop the N-th synchronize_rcu() call site, add a
// reader at a given time, move a reader. Each returns a new scenario (the input is not touched).
// Times are seconds after the scenario starts (its first instant, at bootTime).

import type { CompiledProfile, Profile } from '../../patterns/profile';
import { classifier } from '../run/classify';
import { simulate } from '../run/engine';
import { cloneScenario, type Scenario, type Step } from './scenario';
import { spawnSites, syncSites } from './sites';
import { removeStep } from './transform';

export type Mutation =
  | { kind: 'drop-gp'; site: number }                       // drop-gpN: the N-th synchronize_rcu() site
  | { kind: 'add-reader'; at: number; name?: string }       // add-reader@T
  | { kind: 'move-reader'; task: string; at: number };      // move-reader:NAME@T

export class MutationError extends Error {}

const MUTATION_HELP = 'drop-gpN (drop the N-th synchronize_rcu() call site of the scenario), add-reader@T, add-reader:NAME@T, move-reader:NAME@T (T in seconds after the scenario starts)';

export function parseMutation(text: string): Mutation {
  const s = text.trim();
  let m = /^drop-gp(\d+)$/.exec(s);
  if (m) return { kind: 'drop-gp', site: Number(m[1]) };
  m = /^add-reader(?::([A-Za-z_][\w.-]*))?@\+?(\d+(?:\.\d+)?)s?$/.exec(s);
  if (m) return m[1] ? { kind: 'add-reader', at: Number(m[2]), name: m[1] } : { kind: 'add-reader', at: Number(m[2]) };
  m = /^move-reader:([A-Za-z_][\w.-]*)@\+?(\d+(?:\.\d+)?)s?$/.exec(s);
  if (m) return { kind: 'move-reader', task: m[1]!, at: Number(m[2]) };
  throw new MutationError(`unknown mutation ${JSON.stringify(text)}: expected ${MUTATION_HELP}`);
}

export function describeMutation(m: Mutation): string {
  switch (m.kind) {
    case 'drop-gp': return `drop synchronize_rcu() #${m.site}`;
    case 'add-reader': return `add a reader${m.name ? ` ${m.name}` : ''} at +${m.at} s`;
    case 'move-reader': return `move reader ${m.task} to +${m.at} s`;
  }
}

export function applyMutation(base: Scenario, m: Mutation, profile?: Profile | CompiledProfile): Scenario {
  const sc = cloneScenario(base);
  sc.name = `${base.name} [${mutationLabel(m)}]`;
  switch (m.kind) {
    case 'drop-gp': {
      const sites = syncSites(sc);
      const target = sites[m.site - 1];
      if (!target) throw new MutationError(`drop-gp${m.site}: the scenario has ${sites.length} synchronize_rcu() call site${sites.length === 1 ? '' : 's'}`);
      removeStep(sc, target);
      return sc;
    }
    case 'add-reader': {
      const sim = simulate(base, {}, profile);
      const model = sim.tasks.find((t) => t.role === 'reader');
      if (!model) throw new MutationError('add-reader: the scenario has no reader to copy');
      const name = m.name ?? nextReaderName(sim.tasks.map((t) => t.name), model.name);
      if (sim.tasks.some((t) => t.name === name) || sc.tasks.some((t) => t.name === name)) throw new MutationError(`add-reader: a task named ${name} already exists`);
      insertSpawn(sc, m.at, name, model.fn, spawnText(sc, model.name, name, profile));
      return sc;
    }
    case 'move-reader': {
      const site = spawnSites(sc).find((s) => s.step.task === m.task);
      if (!site) throw new MutationError(`move-reader: no task ${m.task} is spawned in the scenario`);
      const text = spawnText(sc, m.task, m.task, profile);
      detachSpawn(sc, site.in, site.step, profile);
      insertSpawn(sc, m.at, m.task, site.step.fn, text, site.step.delay);
      return sc;
    }
  }
}

/**
 * Several mutations at once. Each `drop-gpN` names a synchronize_rcu() call site of the scenario
 * as given, whatever the order or the other mutations (`drop-gpM,drop-gpN` drops both, as does
 * `drop-gpN,drop-gpM`): the sites are found once, on the original, and removed together. The
 * other mutations then apply in turn. A site named twice is dropped once.
 */
export function applyMutations(base: Scenario, ms: readonly Mutation[], profile?: Profile | CompiledProfile): Scenario {
  let sc = base;
  const drops = ms.filter((m): m is Extract<Mutation, { kind: 'drop-gp' }> => m.kind === 'drop-gp');
  if (drops.length > 0) {
    sc = cloneScenario(base);
    const sites = syncSites(sc);
    const targets = new Set<Step>();
    for (const d of drops) {
      const target = sites[d.site - 1];
      if (!target) throw new MutationError(`drop-gp${d.site}: the scenario has ${sites.length} synchronize_rcu() call site${sites.length === 1 ? '' : 's'}`);
      targets.add(target);
    }
    for (const t of targets) removeStep(sc, t);
  }
  const labelled = new Set<string>();
  for (const m of ms) {
    if (m.kind !== 'drop-gp') { sc = applyMutation(sc, m, profile); continue; }
    const label = mutationLabel(m);
    if (!labelled.has(label)) sc.name = `${sc.name} [${label}]`;
    labelled.add(label);
  }
  return sc;
}

export function mutationLabel(m: Mutation): string {
  switch (m.kind) {
    case 'drop-gp': return `drop-gp${m.site}`;
    case 'add-reader': return `add-reader${m.name ? `:${m.name}` : ''}@${m.at}`;
    case 'move-reader': return `move-reader:${m.task}@${m.at}`;
  }
}

/** r1, r2 -> r3 (the model reader's name with the next number); otherwise reader1, reader2, ... */
function nextReaderName(names: string[], model: string): string {
  const m = /^(.*?)(\d+)$/.exec(model);
  const prefix = m ? m[1]! : 'reader';
  let n = 1;
  for (const x of names) {
    const k = x.startsWith(prefix) ? Number(x.slice(prefix.length)) : NaN;
    if (Number.isInteger(k) && k >= n) n = k + 1;
  }
  return `${prefix}${n}`;
}

/** The `start <task>` text the scenario prints for a spawn, adapted to a new name (null: none). */
function spawnText(sc: Scenario, modelTask: string, name: string, profile?: Profile | CompiledProfile): string | null {
  const classify = classifier(profile);
  for (const { step, in: fn } of spawnSites(sc)) {
    if (step.task !== modelTask) continue;
    const body = sc.functions[fn]!;
    const prev = body[body.indexOf(step) - 1];
    if (prev?.op === 'print' && classify(prev.text, fn).kind === 'spawn') {
      return prev.text.split(modelTask).join(name);
    }
  }
  return `start ${name}`;
}

const printCostOf = (sc: Scenario, s: Step): number => (s.op === 'print' ? s.cost ?? sc.timing?.printCost ?? 1e-6 : 0);

/**
 * Insert `print start NAME; spawn NAME` into the first top-level task's code so it happens at
 * `at` seconds, splitting the sleep that covers that moment (times of the other steps unchanged).
 * Code that cannot be timed this way (a synchronize_rcu, an if) gets a new top-level task instead.
 */
function insertSpawn(sc: Scenario, at: number, name: string, fn: string, text: string | null, delay?: number): void {
  const spawn: Step = delay === undefined ? { op: 'spawn', task: name, fn } : { op: 'spawn', task: name, fn, delay };
  const added: Step[] = text !== null ? [{ op: 'print', text, cost: 0 }, spawn] : [spawn];
  const top = sc.tasks[0];
  const body = top ? sc.functions[top.fn] : undefined;
  const timed = body && (top!.at ?? 0) <= at && body.every((s) => ['print', 'sleep', 'busy', 'spawn'].includes(s.op));
  if (!timed) {
    const starter = `start.${name}`;
    sc.functions[starter] = added;
    sc.tasks.push({ name: starter, fn: starter, at });
    return;
  }
  let t = top!.at ?? 0;
  for (let i = 0; i <= body!.length; i++) {
    if (Math.abs(t - at) < 1e-9 || t > at) { body!.splice(i, 0, ...added); return; }
    if (i === body!.length) break;
    const s = body![i]!;
    const d = s.op === 'sleep' || s.op === 'busy' ? s.seconds : printCostOf(sc, s);
    if (s.op === 'sleep' && t + d > at) {
      const first = round6(at - t), rest = round6(t + d - at);
      body!.splice(i, 1, ...(first > 0 ? [{ op: 'sleep', seconds: first } as Step] : []), ...added, ...(rest > 0 ? [{ op: 'sleep', seconds: rest } as Step] : []));
      return;
    }
    t += d;
  }
  body!.push({ op: 'sleep', seconds: round6(at - t) }, ...added);
}

/** Remove a spawn and the `start` line printed just before it, keeping the others' times. */
function detachSpawn(sc: Scenario, fn: string, step: Step, profile?: Profile | CompiledProfile): void {
  const body = sc.functions[fn]!;
  let i = body.indexOf(step);
  let freed = 0;
  body.splice(i, 1);
  const prev = body[i - 1];
  if (prev?.op === 'print' && classifier(profile)(prev.text, fn).kind === 'spawn') {
    freed += printCostOf(sc, prev);
    body.splice(--i, 1);
  }
  // Give the freed printk time to a neighbouring sleep, then merge adjacent sleeps.
  const nb = body[i - 1]?.op === 'sleep' ? body[i - 1] : body[i]?.op === 'sleep' ? body[i] : undefined;
  if (nb?.op === 'sleep') nb.seconds = round6(nb.seconds + freed);
  const a = body[i - 1], b = body[i];
  if (a?.op === 'sleep' && b?.op === 'sleep') { a.seconds = round6(a.seconds + b.seconds); body.splice(i, 1); }
}

const round6 = (x: number): number => Math.round(x * 1e6) / 1e6;
