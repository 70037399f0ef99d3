// Screen-reader access to a canvas: a visually hidden list of options mirroring the items in view,
// in a listbox whose aria-activedescendant follows the keyboard selection. Rebuilt when the view
// settles, not every frame; capped so a dense view stays cheap and the list stays usable.

import { ItemKind, itemLabel, type TimelineData } from '../../src/core/timeline/timeline';
import { visibleRange, type TimelineIndex } from '../../src/core/timeline/lod';
import { el } from './dom';

const CAP = 300;

function optionId(i: number): string {
  return `tl-item-${i}`;
}

/** Fills `list` with the items in [from, to] (at most CAP, always including `selected`). */
export function syncList(
  list: HTMLElement, note: HTMLElement, d: TimelineData, idx: TimelineIndex, from: number, to: number, selected: number,
): void {
  const ranges: [number, number][] = [];
  let total = 0;
  for (let l = 0; l < d.lanes.length; l++) {
    const [lo, hi] = visibleRange(d, idx, l, from, to);
    // visibleRange may include items that end before `from`; they are few and harmless to list.
    ranges.push([lo, hi]);
    total += hi - lo;
  }
  const per = Math.max(1, Math.floor(CAP / Math.max(1, d.lanes.length)));
  const ids: number[] = [];
  for (const [lo, hi] of ranges) for (let i = lo; i < Math.min(hi, lo + per); i++) ids.push(i);
  if (selected >= 0 && !ids.includes(selected)) ids.push(selected);
  ids.sort((a, b) => d.items.start[a]! - d.items.start[b]! || a - b);
  list.replaceChildren(...ids.map((i) => el('li', { id: optionId(i), role: 'option', 'aria-selected': i === selected ? 'true' : 'false', 'data-item': i }, optionText(d, i))));
  const listed = ids.length;
  note.textContent = total > listed
    ? `${total} items in view, ${listed} listed; zoom in to list the others.`
    : `${total} items in view.`;
}

function optionText(d: TimelineData, i: number): string {
  const n = d.items.note[i]!;
  const note = n >= 0 && d.items.kind[i] !== ItemKind.Spawn ? `; ${d.notes[n]}` : '';
  return `${itemLabel(d, i)}${note}`;
}

/** Marks `selected` as the active option (adding it to the list if it is not there yet). */
export function setActive(plot: HTMLElement, list: HTMLElement, d: TimelineData, selected: number): void {
  for (const li of list.querySelectorAll('[aria-selected="true"]')) li.setAttribute('aria-selected', 'false');
  if (selected < 0) { plot.removeAttribute('aria-activedescendant'); return; }
  let li = list.querySelector<HTMLElement>(`#${optionId(selected)}`);
  if (!li) {
    li = el('li', { id: optionId(selected), role: 'option', 'data-item': selected }, optionText(d, selected));
    list.append(li);
  }
  li.setAttribute('aria-selected', 'true');
  plot.setAttribute('aria-activedescendant', optionId(selected));
}
