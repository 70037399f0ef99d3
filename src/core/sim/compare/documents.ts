// One-event-per-line texts of the expected and the actual run, for VS Code's diff editor. Both
// sides use the same columns, so an event that happened the same way is the same line on both
// sides and the diff editor shows only what differs. (No title line: the editor's tab names the
// sides, and a differing first line would be noise.)

import type { Analysis, LogEvent, Run } from '../../model';
import type { SimResult } from '../run/types';

interface EventsDocument {
  text: string;
  /** sourceLines[i]: the line in the expected log / analysed file that document line i+1 stands for. */
  sourceLines: number[];
}

interface DocumentOptions {
  /** 'absolute': seconds since boot (default); 'relative': seconds since the run's first event; 'none'. */
  times?: 'absolute' | 'relative' | 'none';
}

function render(rows: { time: number | null; task: string | null; kind: string | null; text: string; line: number }[], opts: DocumentOptions): EventsDocument {
  const mode = opts.times ?? 'absolute';
  const t0 = rows.find((r) => r.time !== null)?.time ?? 0;
  const lines: string[] = [];
  const sourceLines: number[] = [];
  for (const r of rows) {
    const t = r.time === null ? '?' : (mode === 'relative' ? r.time - t0 : r.time).toFixed(6);
    const time = mode === 'none' ? '' : `${t.padStart(13)}  `;
    lines.push(`${time}${(r.task ?? '?').padEnd(8)} ${(r.kind ?? 'print').padEnd(18)} ${r.text}`);
    sourceLines.push(r.line);
  }
  return { text: lines.join('\n') + '\n', sourceLines };
}

export function expectedEventsDocument(sim: SimResult, opts: DocumentOptions = {}): EventsDocument {
  return render(sim.events.filter((e) => e.kind !== null), opts);
}

export function actualEventsDocument(analysis: Analysis, run: Run | number, opts: DocumentOptions = {}): EventsDocument {
  const r = typeof run === 'number' ? analysis.runs[run]! : run;
  const events = r.events.map((id) => analysis.events[id]).filter((e): e is LogEvent => !!e).sort((a, b) => a.line - b.line);
  return render(events, opts);
}
