// explain: the fixed RCU texts behind the hovers. Checks coverage of the API names kernel developers
// meet in logs, lookups from stack-frame spellings, and that every link points at the kernel's docs.
import * as assert from 'node:assert/strict';
import { allRcuApi, apiMarkdown, lookupRcuApi, RCU_API_NAMES } from '../../src/core/explain/rcuApi';
import { RCU_EVENT_MEANING, STALL_KIND_MEANING } from '../../src/core/explain/events';
import { eventMeaning, phaseWords, ruleMeaning, wordsOf } from '../../src/core/explain/words';
import type { RcuEventKind } from '../../src/core/rcu/model';

// The seed's words (a run with no pattern is the seed's).
const SEED = wordsOf(null, null);
const EVENT_MEANING = { ...SEED.events } as Record<string, { title: string; meaning: string }>;
import type { EventKind } from '../../src/core/model';

describe('explain: RCU API definitions', () => {
  const required = [
    'synchronize_rcu', 'rcu_read_lock', 'rcu_read_unlock', 'call_rcu', 'rcu_barrier', 'synchronize_rcu_expedited',
    'rcu_dereference', 'rcu_assign_pointer', 'kfree_rcu', 'srcu_read_lock', 'srcu_read_unlock', 'synchronize_srcu',
    'call_srcu', 'list_add_rcu', 'list_del_rcu', 'list_for_each_entry_rcu', 'rcu_preempt', 'rcu_sched',
    'rcu_grace_period', 'rcu_invoke_callback', 'rcu_batch_end', 'rcu_preempt_task', 'rcu_fqs',
  ];
  for (const name of required) {
    it(`defines ${name}`, () => {
      const e = lookupRcuApi(name);
      assert.ok(e, name);
      assert.equal(e.name, name);
      assert.ok(e.summary.length > 40, 'a real paragraph');
    });
  }

  it('has no duplicate names', () => {
    assert.equal(new Set(RCU_API_NAMES).size, RCU_API_NAMES.length);
  });

  it('links every entry to docs.kernel.org', () => {
    for (const e of allRcuApi()) assert.match(e.doc, /^https:\/\/docs\.kernel\.org\//, e.name);
  });

  it('finds names as they appear in stack frames', () => {
    assert.equal(lookupRcuApi('synchronize_rcu+0x5a/0x6b')?.name, 'synchronize_rcu');
    assert.equal(lookupRcuApi('__call_rcu')?.name, 'call_rcu');
    assert.equal(lookupRcuApi('rcu_barrier')?.name, 'rcu_barrier');
  });

  it('knows nothing of unrelated words', () => {
    for (const w of ['', 'hit', 'cco', 'schedule', '+', '_'.repeat(200), 'rcu_']) assert.equal(lookupRcuApi(w), null, w);
  });

  it('states the grace-period guarantee correctly for synchronize_rcu', () => {
    const s = lookupRcuApi('synchronize_rcu')!.summary;
    assert.match(s, /in progress when it was called/);
    assert.match(s, /begin \*after\* the call may still be running/);
  });

  it('rcu_barrier is about callbacks, not readers', () => {
    assert.match(lookupRcuApi('rcu_barrier')!.summary, /callback/);
  });

  it('renders Markdown with the signature and a link', () => {
    const md = apiMarkdown(lookupRcuApi('call_rcu')!);
    assert.match(md, /^`void call_rcu\(struct rcu_head \*head, rcu_callback_t func\)`/);
    assert.match(md, /\[Kernel documentation\]\(https:\/\/docs\.kernel\.org\/RCU\/whatisRCU\.html\)/);
  });
});

describe('explain: scenario meanings', () => {
  it('explains every event kind a profile can produce', () => {
    // Record<EventKind, true>: the compiler fails this test when a kind is added to the model.
    const all: Record<EventKind, true> = {
      'init': true, 'spawn': true, 'reader-begin': true, 'reader-quick': true, 'reader-careful': true,
      'reader-end-quick': true, 'reader-end-careful': true, 'reader-end': true, 'update-begin': true,
      'maint-begin': true, 'maint-end': true, 'update-end': true,
    };
    for (const k of Object.keys(all) as EventKind[]) {
      assert.ok(EVENT_MEANING[k], k);
      assert.ok(EVENT_MEANING[k].title && EVENT_MEANING[k].meaning, k);
    }
  });

  it('explains every event a pattern can map, in RCU\'s words', () => {
    const all: Record<RcuEventKind, true> = {
      'init': true, 'spawn': true, 'reader-begin': true, 'reader-inside': true, 'reader-holds': true, 'reader-end': true, 'reader-saw-freed': true,
      'publish': true, 'unlink': true, 'gp-begin': true, 'gp-end': true, 'call-rcu': true, 'callback': true, 'kfree-rcu': true,
      'barrier-begin': true, 'barrier-end': true, 'free': true, 'work-begin': true, 'work-end': true,
    };
    for (const k of Object.keys(all) as RcuEventKind[]) assert.ok(RCU_EVENT_MEANING[k].title && RCU_EVENT_MEANING[k].meaning, k);
    assert.equal(eventMeaning(wordsOf(null, { pattern: 'x', phases: [], readers: [] } as never), 'unlink').title, 'object unlinked');
  });

  it('ties the updater steps to synchronize_rcu', () => {
    assert.match(EVENT_MEANING['update-begin'].meaning, /synchronize_rcu\(\)/);
    assert.match(EVENT_MEANING['maint-end'].meaning, /synchronize_rcu\(\)/);
    assert.match(EVENT_MEANING['reader-begin'].meaning, /rcu_read_lock\(\)/);
  });

  it('explains every phase, rule and stall kind', () => {
    for (const p of ['normal', 'gp1', 'maint', 'gp2'] as const) assert.ok(phaseWords(SEED, p).meaning);
    for (const r of ['gp1-wait', 'gp2-wait', 'quick-during-maint', 'end-without-begin', 'double-begin', 'gp-wait', 'callback-early', 'barrier-early', 'use-after-free'] as const) {
      assert.ok(ruleMeaning(r, SEED)?.why, r);
      assert.match(ruleMeaning(r, SEED)!.doc, /^https:\/\/docs\.kernel\.org\//);
    }
    assert.ok(STALL_KIND_MEANING['kthread-starved']);
  });
});
