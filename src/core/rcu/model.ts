// The pattern-neutral RCU model (issue 10): what any module that uses RCU shows in its log, in
// RCU's own words — tasks, read-side critical sections (with an optional label and the objects
// they hold), updaters' grace-period waits of every kind, and objects' lifecycles. A pattern
// (patterns/schema.ts) maps a module's messages to these events; rcu/rules.ts checks RCU's
// generic rules on them. Plain data, like model.ts.

/** What a pattern's message can say, in RCU terms. */
export type RcuEventKind =
  | 'init'            // the module starts (a new run)
  | 'spawn'           // a task is started (the task capture names it)
  | 'reader-begin'    // rcu_read_lock() taken: printed inside the critical section (unless the pattern says `inside: false`)
  | 'reader-inside'   // a line printed inside the reader's open section (its label, e.g. the seed's path, labels the section)
  | 'reader-holds'    // the reader found an object (object capture) and holds it until its end
  | 'reader-end'      // rcu_read_unlock() about to be called: printed inside
  | 'reader-saw-freed'// the module itself saw a freed object inside a critical section (poison check)
  | 'publish'         // list_add_rcu() / rcu_assign_pointer() made the object visible to new readers
  | 'unlink'          // list_del_rcu() / rcu_assign_pointer() replaced the object: new readers cannot find it
  | 'gp-begin'        // synchronize_rcu() called (label: 'synchronize_rcu_expedited' for the expedited one)
  | 'gp-end'          // synchronize_rcu() returned
  | 'call-rcu'        // call_rcu() queued a callback for the object
  | 'callback'        // the RCU callback for the object runs
  | 'kfree-rcu'       // kfree_rcu() queued the object (the kernel frees it after a grace period)
  | 'barrier-begin'   // rcu_barrier() called
  | 'barrier-end'     // rcu_barrier() returned: every callback queued before it has run
  | 'free'            // the object is freed (or poisoned: its memory is no longer the object's)
  | 'work-begin'      // labelled work of an updater begins (the seed's maintenance work)
  | 'work-end';       // ... and ends

type RcuWaitKind = 'synchronize_rcu' | 'synchronize_rcu_expedited' | 'call_rcu' | 'kfree_rcu' | 'rcu_barrier';

export interface RcuSection {
  id: number;
  task: string;
  label: string | null;
  beginLine: number | null;
  endLine: number | null;       // null: no end line in the log
  beginTime: number | null;
  endTime: number | null;
  /** Objects the reader found, with the line that says so. */
  holds: { object: string; line: number }[];
  /** The first line that proves the reader inside (after rcu_read_lock()): the begin line unless
   * the pattern prints it before the lock (`inside: false`); null when no such line came. */
  insideLine?: number | null;
  /** The line that gave the section its label, when one before its end did. */
  labelLine?: number | null;
  /** The waits (RcuWait ids) called while it was inside are those from waitsFrom up to, not
   * including, waitsTo: each had to wait for it (the whole relation in two numbers; its waits'
   * waitedFor lists name only a few). Equal when none was. */
  waitsFrom?: number;
  waitsTo?: number;
}

/** Labelled work of an updater between two of its lines (the seed's maintenance work). */
export interface RcuWork {
  task: string | null;
  label: string | null;
  beginLine: number;
  endLine: number | null;        // null: no end line in the log
}

/** A phase the pattern declares (patterns/schema.ts `phases`), with its bounds in this run. */
interface RcuPhase {
  name: string;
  label: string | null;
  startLine: number;
  endLine: number;               // inclusive
  startTime: number | null;
  endTime: number | null;
}

export interface RcuWait {
  id: number;
  task: string | null;
  kind: RcuWaitKind;
  /** The call (synchronize_rcu(), call_rcu(), rcu_barrier()). */
  beginLine: number;
  /** Its return, or the callback's line for call_rcu (null: not in the log). */
  endLine: number | null;
  object: string | null;
  /** Sections shown inside before the call: RCU must wait for each (RcuSection ids, in id order).
   * At most MAX_NAMED_LINKS (waitLinks.ts, 20) are named: the first shown inside of those still
   * inside. waitedForCount says how many there were in all. */
  waitedFor: number[];
  waitedForCount: number;
}

export interface RcuObject {
  id: string;
  unlinkLine: number | null;
  freeLine: number | null;       // the first line after which its memory is gone (free, poison, callback)
  publishLine?: number | null;   // list_add_rcu() / rcu_assign_pointer(), when the pattern maps it
  waits: number[];               // RcuWait ids for it (call_rcu, kfree_rcu) or before its free (synchronize_rcu)
}

/** One run of a pattern's module: from its init line (or first event) to the next init. */
export interface RcuRun {
  /** The Run in Analysis.runs drawn for it (its readers are the sections, in the same order). */
  run: number;
  boot: number;
  pattern: string;
  /** The pattern's words for its updater and its objects ("deleter", "element"), for views. */
  words: { updater: string; object: string };
  startLine: number;
  endLine: number;
  label: string | null;          // the init line's label capture (e.g. the module's mode)
  sections: RcuSection[];
  waits: RcuWait[];
  objects: RcuObject[];
  /** Labelled work spans of its updaters, in begin order. */
  work?: RcuWork[];
  /** The pattern's declared phases (empty when it declares none). */
  phases?: RcuPhase[];
}
