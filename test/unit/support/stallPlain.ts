// Stall records keep their rarely set fields behind accessors (src/core/stalls/record.ts): what a
// reader sees, field by field, as a plain object. Their JSON must be exactly this.

import type { Stall } from '../../../src/core/model';

const FIELDS = [
  'line', 'endLine', 'boot', 'time', 'flavor', 'kinds', 'cpus', 'tasks', 'detectedBy', 't', 'g', 'c', 'q', 'ncpus',
  'gpsBehind', 'fqs', 'idle', 'starvedJiffies', 'expeditedJiffies', 'culprit', 'frames', 'gpState', 'timerWakeupJiffies',
  'lastActivity', 'title', 'openReaders', 'openReaderCount',
] as const satisfies readonly (keyof Stall)[];

export function stallPlain(s: Stall): Stall {
  const o: Record<string, unknown> = {};
  for (const k of FIELDS) if (s[k] !== undefined) o[k] = JSON.parse(JSON.stringify(s[k])) as unknown;
  return o as unknown as Stall;
}

/** The JSON text's objects, read back. */
export const viaJson = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;
