// The phased-state-change pattern's (the seed's) vocabulary as types: its event kinds, updater
// steps, phases and rules. A leaf (imports nothing) so that model.ts can name them without a cycle;
// what they mean to people is in words.ts.

/** The seed's event kinds. A profile (patterns/profile.ts) maps messages to these. */
export type SeedEventKind =
  | 'init'               // the scenario starts (module init)
  | 'spawn'              // a task is started: `start <task>`
  | 'reader-begin'       // rcu_read_lock() taken: `hit cco`
  | 'reader-quick'       // the reader saw be_careful == false: `hit cco_quickly`
  | 'reader-careful'     // the reader saw be_careful == true: `hit cco_carefully`
  | 'reader-end-quick'   // rcu_read_unlock() after the quick path: `end cco_quickly`
  | 'reader-end-careful' // rcu_read_unlock() after the careful path: `end cco_carefully`
  | 'reader-end'         // rcu_read_unlock(), path not stated
  | 'update-begin'       // updater sets the flag, calls synchronize_rcu() #1: `hit maint`
  | 'maint-begin'        // synchronize_rcu() #1 returned, do_maint() starts: `hit do_maint`
  | 'maint-end'          // do_maint() done, synchronize_rcu() #2 called: `end do_maint`
  | 'update-end';        // synchronize_rcu() #2 returned, flag cleared: `end maint`

/** The seed updater's steps, in order. */
export type SeedStepKind = 'update-begin' | 'maint-begin' | 'maint-end' | 'update-end';

/** The seed's declared phases: normal → gp1 → maint → gp2. */
export type SeedPhaseName = 'normal' | 'gp1' | 'maint' | 'gp2';

/** The seed's reader paths (the label of its read-side critical sections). */
export type SeedReaderPath = 'quick' | 'careful';

/** The seed's own rules: the guarantee of each of its two waits, and its declared must-not-overlap pair. */
export type SeedRuleId =
  | 'gp1-wait'            // a reader that began before `hit maint` was open at `hit do_maint`
  | 'gp2-wait'            // a reader that began before `end do_maint` was open at `end maint`
  | 'quick-during-maint'; // a quick-path reader overlapped do_maint()
