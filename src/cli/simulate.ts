// Placeholder until the simulator lands (issue 4): the command exists and says so.
import type { CliIO } from './io';

export async function simulateCommand(_args: string[], io: CliIO): Promise<number> {
  io.stderr('rcu-lens: the simulator is not available yet\n');
  return 2;
}
