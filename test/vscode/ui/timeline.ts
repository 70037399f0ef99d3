// Steps on the timeline webview (media/timeline/), as a user meets it: lane labels, the hover
// tooltip that says what is under the pointer, clicks on the canvas. DOM details of the timeline
// page live here, as VS Code's live in workbench.ts. The screen-reader list (hidden options, one
// per item in view) is read as a second, independent account of what is drawn.
import type { Frame } from 'playwright-core';
import { LAYOUT } from '../../../src/core/timeline/style';
import type { Rgb } from '../../unit/support/color';
import type { Workbench } from './workbench';

export interface Point { x: number; y: number }

export class Timeline {
  private constructor(readonly wb: Workbench, readonly frame: Frame) {}

  /** The open timeline panel's page, once it has drawn lanes and listed its items. */
  static async find(wb: Workbench): Promise<Timeline> {
    const frame = await wb.findWebviewFrame('.timeline .labels [data-lane]');
    await frame.waitForSelector('.plot ul li[data-item]', { state: 'attached' });
    return new Timeline(wb, frame);
  }

  /** Lane labels, top to bottom (the task names, as DOM text). */
  lanes(): Promise<string[]> {
    return this.frame.$$eval('.labels [data-lane] .lane-name', (els) => els.map((e) => e.textContent ?? ''));
  }

  /** The screen-reader options: one text per item in view (`cco1 reader, quick path, lines 3–14, …`). */
  options(): Promise<string[]> {
    return this.frame.$$eval('.plot [role=option]', (els) => els.map((e) => e.textContent ?? ''));
  }

  /** The selected item's option text, or null. */
  selected(): Promise<string | null> {
    return this.frame.$eval('.plot', (plot) => {
      const id = plot.getAttribute('aria-activedescendant');
      return id ? document.getElementById(id)?.textContent ?? null : null;
    });
  }

  /** The tooltip's text while it shows, else null. */
  tooltip(): Promise<string | null> {
    return this.frame.$eval('#tl-tooltip', (t) => ((t as HTMLElement).hidden ? null : (t as HTMLElement).innerText));
  }

  /**
   * Where on screen the item of lane `lane` whose tooltip title matches `title` is drawn: moves the
   * pointer along the lane (at the height of its label) and reads the tooltip, as a user looking for
   * the bar would. Leaves the pointer on the middle of the stretch where the tooltip named it and
   * returns that point; fails if no tooltip did.
   */
  async locate(lane: string, title: RegExp): Promise<Point> {
    const label = this.frame.locator('.labels [data-lane]', { has: this.frame.locator('.lane-name', { hasText: exact(lane) }) }).first();
    const lb = await label.boundingBox();
    const cb = await this.frame.locator('.plot canvas').boundingBox();
    if (!lb || !cb) throw new Error(`lane "${lane}" or the canvas is not on screen`);
    const y = lb.y + lb.height / 2;
    const step = 4;
    let first = -1, last = -1;
    const seen = new Set<string>();
    for (let x = cb.x + 2; x < cb.x + cb.width - 2; x += step) {
      await this.wb.page.mouse.move(x, y);
      const t = await this.frame.$eval('#tl-tooltip .tip-title', (e) => ((e.parentElement as HTMLElement).hidden ? '' : e.textContent ?? '')).catch(() => '');
      if (t) seen.add(t);
      if (title.test(t)) { if (first < 0) first = x; last = x; } else if (first >= 0) break;
    }
    if (first < 0) throw new Error(`no item ${title} in lane "${lane}"; tooltips along the lane: ${JSON.stringify([...seen])}`);
    const at = { x: (first + last) / 2, y };
    await this.wb.page.mouse.move(at.x, at.y); // back over the item: its tooltip shows
    return at;
  }

  /**
   * The colour the phase band `phase` (normal, gp1, maint, gp2) is painted in: found by moving the
   * pointer along the phase strip under the axis and reading the band's tooltip (`phase gp1, …`),
   * then read from the canvas in the strip's top rows, where only the band is drawn.
   */
  async phaseColor(phase: string): Promise<Rgb> {
    const cb = await this.frame.locator('.plot canvas').boundingBox();
    if (!cb) throw new Error('the canvas is not on screen');
    const y = cb.y + LAYOUT.axisHeight + LAYOUT.phaseHeight / 2;
    let first = -1, last = -1;
    const seen = new Set<string>();
    for (let x = cb.x + 2; x < cb.x + cb.width - 2; x += 4) {
      await this.wb.page.mouse.move(x, y);
      const t = await this.frame.$eval('#tl-tooltip .tip-title', (e) => ((e.parentElement as HTMLElement).hidden ? '' : e.textContent ?? '')).catch(() => '');
      if (t) seen.add(t);
      if (t.startsWith(`phase ${phase},`)) { if (first < 0) first = x; last = x; } else if (first >= 0) break;
    }
    if (first < 0) throw new Error(`no ${phase} band in the phase strip; tooltips: ${JSON.stringify([...seen])}`);
    await this.wb.page.mouse.move(0, 0);
    return this.frame.evaluate(({ x, y }) => {
      const c = document.querySelector('.plot canvas') as HTMLCanvasElement;
      const dpr = c.width / c.clientWidth;
      const d = c.getContext('2d')!.getImageData(Math.round(x * dpr), Math.round(y * dpr), 1, 1).data;
      return [d[0]!, d[1]!, d[2]!] as [number, number, number];
    }, { x: (first + last) / 2 - cb.x, y: LAYOUT.axisHeight + 3 });
  }
}

function exact(s: string): RegExp {
  return new RegExp(`^${s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
}
