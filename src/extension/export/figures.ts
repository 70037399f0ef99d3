// Timeline figures for the HTML report. The SVG renderer belongs to the timeline (src/core/
// timelineSvg.ts); until it is part of the build the report has no figure and says so.
import type { Analysis } from '../../core/model';
import type { HtmlFigure } from './html';

export function timelineFigures(_a: Analysis): HtmlFigure[] {
  return [];
}
