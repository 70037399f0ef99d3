// Links into the kernel's own RCU documentation (https://docs.kernel.org/RCU/), so every hover
// points a reader at the authority rather than at us.

export const RCU_DOCS = {
  index: 'https://docs.kernel.org/RCU/index.html',
  whatIs: 'https://docs.kernel.org/RCU/whatisRCU.html',
  requirements: 'https://docs.kernel.org/RCU/Design/Requirements/Requirements.html',
  checklist: 'https://docs.kernel.org/RCU/checklist.html',
  barrier: 'https://docs.kernel.org/RCU/rcubarrier.html',
  dereference: 'https://docs.kernel.org/RCU/rcu_dereference.html',
  lockdep: 'https://docs.kernel.org/RCU/lockdep.html',
  listRcu: 'https://docs.kernel.org/RCU/listRCU.html',
  stallWarn: 'https://docs.kernel.org/RCU/stallwarn.html',
  expedited: 'https://docs.kernel.org/RCU/Design/Expedited-Grace-Periods/Expedited-Grace-Periods.html',
  tracing: 'https://docs.kernel.org/trace/events.html',
} as const;
