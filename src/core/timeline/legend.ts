// The timeline's legend: one entry per kind of thing drawn, each with the shape and colour the
// canvas and the SVG export draw it with (style.ts), in the selection's words. Shared by the
// webview (media/timeline/ui.ts) and the SVG export (svg.ts), so the two legends agree with
// each other and with what they explain.
//
// The scenario's entries follow its pattern's words (TimelineWords.legend); stall and violation
// are always listed; the kernel's own items (RCU tracepoints) and the links are listed only when
// the data has some.

import { ItemKind, LinkKind, type TimelineData } from './timeline';

/** How an entry's swatch is drawn: a bar or a marker of an item kind, or a link of a link kind. */
export type LegendSwatch =
  | { shape: 'bar'; kind: number }
  | { shape: 'mark'; kind: number }
  | { shape: 'link'; kind: number };

export interface LegendEntry {
  /** Stable name of the entry (tests and CSS): quick, kernelQs, linkCompleted, ... */
  key: string;
  text: string;
  swatch: LegendSwatch;
}

/** Which item kinds and link kinds the data has (one pass over the items). */
function kindsPresent(d: TimelineData): { items: Uint8Array; links: Uint8Array } {
  const items = new Uint8Array(256), links = new Uint8Array(256);
  const k = d.items.kind;
  for (let i = 0; i < d.items.count; i++) items[k[i]!] = 1;
  for (let i = 0; i < d.links.count; i++) links[d.links.kind[i]!] = 1;
  return { items, links };
}

/** The legend of a timeline, in drawing order. */
export function legendEntries(d: TimelineData, present = kindsPresent(d)): LegendEntry[] {
  const w = d.words.legend;
  const has = (kind: number) => present.items[kind] === 1;
  const out: LegendEntry[] = [];
  const bar = (key: string, text: string | null, kind: number) => { if (text !== null) out.push({ key, text, swatch: { shape: 'bar', kind } }); };
  const mark = (key: string, text: string, kind: number) => out.push({ key, text, swatch: { shape: 'mark', kind } });
  const link = (key: string, text: string, kind: number) => out.push({ key, text, swatch: { shape: 'link', kind } });
  const word = (kind: number) => d.words.kinds[kind] ?? '';

  bar('quick', w.quick, ItemKind.ReaderQuick);
  bar('careful', w.careful, ItemKind.ReaderCareful);
  bar('unknown', w.unknown, ItemKind.ReaderUnknown);
  bar('gp', w.gp, ItemKind.GracePeriod);
  bar('work', w.work, ItemKind.Work);
  // The kernel's own RCU, from its tracepoints.
  if (has(ItemKind.KernelGp)) bar('kernelGp', 'kernel grace period', ItemKind.KernelGp);
  if (has(ItemKind.KernelQs)) mark('kernelQs', word(ItemKind.KernelQs), ItemKind.KernelQs);
  if (has(ItemKind.KernelQsLast)) mark('kernelQsLast', word(ItemKind.KernelQsLast), ItemKind.KernelQsLast);
  if (has(ItemKind.KernelReader)) bar('kernelReader', word(ItemKind.KernelReader), ItemKind.KernelReader);
  if (has(ItemKind.KernelUnlock)) mark('kernelUnlock', word(ItemKind.KernelUnlock), ItemKind.KernelUnlock);
  if (has(ItemKind.Callback)) bar('callback', word(ItemKind.Callback), ItemKind.Callback);
  // Links: a grace period to what it waited for (a reader, the last quiescent-state report), a
  // reader that overlapped it, the kernel grace period that completed a scenario's.
  if (present.links[LinkKind.WaitedFor] || present.links[LinkKind.LastQs]) link('linkWaited', 'waited for (● at the grace period\'s end)', LinkKind.WaitedFor);
  if (present.links[LinkKind.Overlapped]) link('linkOverlapped', 'overlapped, not waited for', LinkKind.Overlapped);
  if (present.links[LinkKind.CompletedBy]) link('linkCompleted', 'completed by a kernel grace period', LinkKind.CompletedBy);
  mark('stall', 'stall', ItemKind.Stall);
  mark('violation', 'violation', ItemKind.Violation);
  return out;
}
