// Timeline figures for the HTML report: the timeline module's own SVG renderer (the picture the
// webview's "Export SVG" makes), one figure per run choice, capped for logs with many runs.
import type { Analysis } from '../../core/model';
import { buildTimeline, timelineChoices } from '../../core/timeline/timeline';
import { timelineSvg } from '../../core/timeline/svg';
import type { HtmlFigure } from './html';

const MAX_FIGURES = 12;

export function timelineFigures(a: Analysis): HtmlFigure[] {
  if (!a.runs.length && !a.stalls.length && !a.kernel.gracePeriods.length) return [];
  return timelineChoices(a).slice(0, MAX_FIGURES).map((c, i) => ({
    title: c.label,
    // light palette: the figure's background is white in both colour schemes; the caption names it
    svg: timelineSvg(buildTimeline(a, c.key), { idPrefix: `t${i}-`, theme: 'light', width: 1100 }),
  }));
}
