// The seed's scenario choices the editor offers for the simulator (RCU: What If…) and the explorer
// (RCU: Check All Orderings): its own mutations, in the CLI's syntax, with their words.

interface SeedChoice {
  label: string;
  description: string;
  detail?: string;
  /** The mutation in the CLI's syntax, or '' for the seed as it is. */
  mutate: string;
}

/** What If…: drop one of the seed's two grace periods. */
export const SEED_WHAT_IFS: readonly SeedChoice[] = [
  { label: 'Drop the first synchronize_rcu()', description: 'drop-gp1', detail: 'maint sets the flag and goes straight to do_maint()', mutate: 'drop-gp1' },
  { label: 'Drop the second synchronize_rcu()', description: 'drop-gp2', detail: 'maint clears the flag right after do_maint()', mutate: 'drop-gp2' },
];

/** Check All Orderings: the seed as it is, and without either grace period. */
export const SEED_EXPLORE_CHOICES: readonly SeedChoice[] = [
  { label: 'The seed module', description: '2 readers', detail: 'Can a quick-path reader overlap do_maint() in any ordering?', mutate: '' },
  { label: 'The seed module without the first synchronize_rcu()', description: 'drop-gp1', mutate: 'drop-gp1' },
  { label: 'The seed module without the second synchronize_rcu()', description: 'drop-gp2', mutate: 'drop-gp2' },
];
