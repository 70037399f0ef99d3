// What a log shows of one object's life (a pattern's element, config, ...), said once for the text
// report and the hover. Only the lines it has are named: an add-only list's elements are published
// and never unlinked, which is not a missing line.

import type { RcuObject } from '../rcu/model';

/** `published line 4, unlinked line 9, freed line 12, after 1 grace-period wait`; `ref` renders a line. */
export function objectLife(ob: RcuObject, ref: (line: number) => string = (l) => `line ${l}`): string {
  const parts: string[] = [];
  if (ob.publishLine != null) parts.push(`published ${ref(ob.publishLine)}`);
  if (ob.unlinkLine !== null) parts.push(`unlinked ${ref(ob.unlinkLine)}`);
  if (ob.freeLine !== null) parts.push(`freed ${ref(ob.freeLine)}`);
  if (ob.unlinkLine === null && ob.freeLine === null) parts.push('never unlinked or freed in the log');
  else if (ob.freeLine === null) parts.push('its free is not in the log');
  else parts.push(ob.waits.length ? `after ${ob.waits.length} grace-period wait${ob.waits.length > 1 ? 's' : ''}` : 'with no grace-period wait');
  return parts.join(', ');
}
