// A small library of user steps against the VS Code web workbench (code-server) in chromium.
// Each step does what a person does (keys, mouse) and waits for what a person would see.
// Selectors are VS Code 1.100's DOM; they are kept here so a VS Code update touches one file.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, BrowserContext, Frame, Page } from 'playwright-core';

export interface Cursor { line: number; column: number; selected?: number }

export class Workbench {
  /** Texts of alert/confirm/prompt dialogs raised by any frame (a webview running log text would show here). */
  readonly dialogs: string[] = [];
  /** Uncaught exceptions in any frame of the page. */
  readonly pageErrors: string[] = [];
  /** Console messages of any frame, as `type: text` (the browser logs CSP refusals and blocked alerts here). */
  readonly consoleMessages: string[] = [];

  private constructor(readonly page: Page, private readonly context: BrowserContext,
    readonly workspaceDir: string, readonly shotsDir: string) {}

  /** Opens the workbench on `workspaceDir` in a fresh browser context and waits until the explorer lists it. */
  static async open(browser: Browser, serverUrl: string, workspaceDir: string, shotsDir: string): Promise<Workbench> {
    const context = await browser.newContext({ viewport: { width: 1400, height: 850 } });
    const page = await context.newPage();
    page.setDefaultTimeout(30_000);
    const wb = new Workbench(page, context, workspaceDir, shotsDir);
    page.on('dialog', (d) => { wb.dialogs.push(`${d.type()}: ${d.message()}`); void d.dismiss().catch(() => undefined); });
    page.on('pageerror', (e) => wb.pageErrors.push(e.message));
    page.on('console', (m) => wb.consoleMessages.push(`${m.type()}: ${m.text()}`));
    await page.goto(`${serverUrl}/?folder=${encodeURIComponent(workspaceDir)}`);
    await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
    // The explorer's rows appear once the remote extension host and file system are connected.
    await page.waitForSelector('.explorer-folders-view .monaco-list-row', { timeout: 60_000 });
    return wb;
  }

  async close(): Promise<void> {
    await this.context.close();
  }

  /** Quick Open (Ctrl+P) a workspace-relative path and wait for its editor. */
  async openFile(relPath: string): Promise<void> {
    const base = path.posix.basename(relPath);
    await this.quickInput('Control+P', relPath);
    const row = this.page.locator('.quick-input-list .monaco-list-row', {
      has: this.page.locator('.label-name', { hasText: new RegExp(`^${escapeRe(base)}$`) }),
    }).first();
    await row.click();
    await this.parkMouse();
    await this.page.waitForSelector(`.tabs-container .tab.active[aria-label*="${base}"]`);
    await this.page.waitForSelector('.editor-group-container.active .monaco-editor .view-lines');
  }

  /** Runs a command from the command palette (F1) by its full title, e.g. "RCU: Check Log". */
  async runCommand(title: string): Promise<void> {
    await this.quickInput('F1', title);
    const row = this.page.locator('.quick-input-list .monaco-list-row', {
      has: this.page.locator('.label-name', { hasText: new RegExp(`^${escapeRe(title)}$`) }),
    }).first();
    await row.click();
    await this.parkMouse();
    // Done when the palette is gone, or has turned into the command's own quick pick or input box.
    await this.page.waitForFunction((typed) => {
      const w = document.querySelector<HTMLElement>('.quick-input-widget');
      const input = w?.querySelector<HTMLInputElement>('.quick-input-box input');
      return !w || w.style.display === 'none' || w.offsetParent === null || input?.value !== typed;
    }, `>${title}`);
  }

  /** Picks the row labelled `label` in the open quick pick (e.g. a command's own choices). */
  async pickQuickItem(label: string | RegExp): Promise<void> {
    const row = this.page.locator('.quick-input-widget .quick-input-list .monaco-list-row', {
      has: this.page.locator('.label-name', { hasText: typeof label === 'string' ? new RegExp(`^${escapeRe(label)}$`) : label }),
    }).first();
    await row.click();
    await this.parkMouse();
  }

  /** Moves the mouse off the row just clicked: once the quick input closes, whatever lies under it
   *  (breadcrumbs, tabs) would otherwise show its hover in later screenshots. */
  private async parkMouse(): Promise<void> {
    await this.page.mouse.move(0, 0);
  }

  /** Moves the cursor with Go to Line (Ctrl+G); the line scrolls into view. */
  async goToLine(line: number, column = 1): Promise<void> {
    await this.quickInput('Control+G', `${line}:${column}`);
    await this.page.keyboard.press('Enter');
    await this.page.waitForSelector('.quick-input-widget', { state: 'hidden' });
  }

  /** Hovers the mouse over `text` on editor line `line` (or over the line's first characters) and
   *  returns the hover's text; fails when no hover shows up. */
  async hoverLine(line: number, text?: string): Promise<string> {
    await this.goToLine(line);
    await this.page.mouse.move(0, 0); // a hover only opens on a mouse *move* onto the target
    const geo = await this.lineGeometry(line, text ?? '');
    if (!geo.target) throw new Error(`"${text}" is not on line ${line}: ${geo.text}`);
    const hover = this.page.locator('.monaco-editor .monaco-hover:not(.hidden) .monaco-hover-content').first();
    // A move that lands while the editor is still busy (a loaded CI machine) can open no hover:
    // once, the pointer leaves and comes back.
    for (let attempt = 0; ; attempt++) {
      await this.page.mouse.move(geo.target.x, geo.target.y, { steps: 4 });
      try {
        await hover.waitFor({ state: 'visible', timeout: attempt === 0 ? 10_000 : 20_000 });
        break;
      } catch (e) {
        if (attempt > 0) throw e;
        await this.page.mouse.move(0, 0);
      }
    }
    // Hovers render in stages ("Loading..." first): wait until the text stops changing.
    let last = '';
    for (let i = 0; i < 20; i++) {
      const now = (await hover.innerText()).trim();
      if (now && now === last && !/^Loading\.\.\.$/.test(now)) return now;
      last = now;
      await this.page.waitForTimeout(100);
    }
    return last;
  }

  /** Background colours of the overlays painted behind editor line `line` (whole-line decorations,
   *  selection, word highlights...), as computed CSS colours; [] when nothing is painted there.
   *  `file` (a base name): read the editor showing that file rather than the active one. */
  async lineDecorations(line: number, file?: string): Promise<string[]> {
    return (await this.lineGeometry(line, '', file)).backgrounds;
  }

  /** The editor's rendered text of line `line` (must be in view: use goToLine first). */
  async lineText(line: number, file?: string): Promise<string> {
    return (await this.lineGeometry(line, '', file)).text;
  }

  /** Cursor position from the status bar ("Ln 12, Col 5", with `selected` when it adds "(40 selected)"). */
  async cursor(): Promise<Cursor> {
    const item = this.page.locator('#status\\.editor\\.selection');
    await item.waitFor();
    const text = (await item.innerText()) ?? '';
    const m = /Ln (\d+), Col (\d+)/.exec(text);
    if (!m) throw new Error(`no cursor position in the status bar: ${text}`);
    const sel = /\((\d+) selected\)/.exec(text);
    return { line: Number(m[1]), column: Number(m[2]), ...(sel ? { selected: Number(sel[1]) } : {}) };
  }

  /** Rows of the Problems panel as shown (message, source, code, `[Ln 8, Col 16]`), in order. */
  async problems(): Promise<string[]> {
    const rows = this.page.locator('.markers-panel .monaco-list-row');
    await rows.first().waitFor();
    return (await rows.allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
  }

  /** The rendered lines of both sides of the diff editor in the active group, top to bottom. */
  async diffEditorText(): Promise<{ original: string[]; modified: string[] }> {
    const diff = this.page.locator('.editor-group-container.active .monaco-diff-editor').first();
    await diff.locator('.editor.modified .view-line').first().waitFor();
    return diff.evaluate((d) => {
      const side = (sel: string): string[] => [...d.querySelectorAll(`${sel} .view-lines .view-line`)]
        .map((e) => ({ top: e.getBoundingClientRect().top, text: (e.textContent ?? '').replace(/\u00a0/g, ' ') }))
        .sort((a, b) => a.top - b.top).map((e) => e.text);
      return { original: side('.editor.original'), modified: side('.editor.modified') };
    });
  }

  /**
   * How many lines the diff editor in the active group marks as changed on each side (its red and
   * green line and character highlights). The diff is computed after the sides render: this looks
   * for highlights until some show up or `settleMs` passes, so 0 means the editor shows no change.
   */
  async diffEditorChanges(settleMs = 2000): Promise<{ original: number; modified: number }> {
    const diff = this.page.locator('.editor-group-container.active .monaco-diff-editor').first();
    await diff.locator('.editor.modified .view-line').first().waitFor();
    const count = () => diff.evaluate((d) => {
      const lines = (sel: string, kinds: string[]) => new Set([...d.querySelectorAll(`${sel} .view-overlays > div`)]
        .filter((row) => kinds.some((k) => row.querySelector(`.${k}`))).map((row) => (row as HTMLElement).style.top)).size;
      return { original: lines('.editor.original', ['line-delete', 'char-delete']), modified: lines('.editor.modified', ['line-insert', 'char-insert']) };
    });
    const deadline = Date.now() + settleMs;
    for (;;) {
      const c = await count();
      if (c.original + c.modified > 0 || Date.now() > deadline) return c;
      await this.page.waitForTimeout(100);
    }
  }

  /** Texts of the notification toasts currently shown. */
  async notifications(): Promise<string[]> {
    return this.page.locator('.notifications-toasts .notification-list-item').allInnerTexts();
  }

  /** Waits for a notification toast whose text matches `re` and returns its text. */
  async waitForNotification(re: RegExp, timeoutMs = 15_000): Promise<string> {
    const item = this.page.locator('.notifications-toasts .notification-list-item', { hasText: re }).first();
    await item.waitFor({ timeout: timeoutMs });
    return item.innerText();
  }

  /** The innermost frame of a webview whose DOM has `selector` (webviews are iframes in iframes). */
  async findWebviewFrame(selector: string, timeoutMs = 30_000): Promise<Frame> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      for (const f of this.page.frames()) {
        if (f === this.page.mainFrame()) continue;
        if (await f.$(selector).catch(() => null)) return f;
      }
      if (Date.now() > deadline) {
        throw new Error(`no webview frame has ${selector}; frames: ${this.page.frames().map((f) => f.url().slice(0, 80)).join(' | ')}`);
      }
      await this.page.waitForTimeout(250);
    }
  }

  /** Polls `check` until it returns a truthy value (what the user would wait for), or fails naming `what`. */
  async waitUntil<T>(what: string, check: () => Promise<T>, timeoutMs = 30_000): Promise<NonNullable<T>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const v = await check().catch(() => undefined);
      if (v) return v as NonNullable<T>;
      if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
      await this.page.waitForTimeout(200);
    }
  }

  /** Saves a PNG of the whole window as <shotsDir>/<name>.png and returns its path. The mouse is
   *  parked in the corner first unless `keepMouse` (to keep a hover or tooltip in the picture). */
  async screenshot(name: string, opts: { keepMouse?: boolean } = {}): Promise<string> {
    fs.mkdirSync(this.shotsDir, { recursive: true });
    const file = path.join(this.shotsDir, `${name}.png`);
    if (!opts.keepMouse) await this.parkMouse().catch(() => undefined);
    // Let notification toasts finish sliding in, so they are readable in the picture.
    await this.page.waitForFunction(() => !document.querySelector('.notification-toast:not(.notification-fade-in-done)'),
      null, { timeout: 2000 }).catch(() => undefined);
    await this.page.screenshot({ path: file });
    return file;
  }

  /** Opens a quick input with `key` and types `text` into it. */
  private async quickInput(key: string, text: string): Promise<void> {
    await this.page.keyboard.press('Escape');
    await this.page.keyboard.press(key);
    const input = this.page.locator('.quick-input-widget .quick-input-box input');
    await input.waitFor({ state: 'visible' });
    await this.page.keyboard.type(text);
  }

  /** Finds rendered line `line` of the active editor by the gutter's line number and the text row at
   *  the same height (Monaco renders only the rows in view, in any DOM order), and measures it:
   *  its text, where `needle` sits on screen, and the overlay colours painted behind it.
   *  `file` (a base name) picks the editor group showing that file instead of the active group,
   *  e.g. the log beside a focused webview. */
  private async lineGeometry(line: number, needle: string, file?: string): Promise<LineGeometry> {
    const group = file
      ? this.page.locator('.editor-group-container', { has: this.page.locator(`.tab.active[aria-label*="${file}"]`) })
      : this.page.locator('.editor-group-container.active');
    const editor = group.locator('.monaco-editor').first();
    await editor.waitFor();
    const deadline = Date.now() + 10_000;
    for (;;) {
      const geo = await editor.evaluate(measureLine, { line, needle });
      if (geo) return geo;
      if (Date.now() > deadline) throw new Error(`line ${line} is not rendered in the active editor (scroll to it with goToLine)`);
      await this.page.waitForTimeout(100);
    }
  }
}

interface LineGeometry { text: string; target: { x: number; y: number } | null; backgrounds: string[] }

/** Runs in the page (serialised by playwright: no references to anything outside it). */
function measureLine(ed: Element, { line, needle }: { line: number; needle: string }): LineGeometry | null {
  const num = [...ed.querySelectorAll('.margin-view-overlays .line-numbers')].find((e) => e.textContent?.trim() === String(line));
  if (!num) return null;
  const numBox = num.getBoundingClientRect();
  const mid = numBox.top + numBox.height / 2;
  const within = (e: Element): boolean => { const r = e.getBoundingClientRect(); return r.height > 0 && r.top <= mid && mid < r.bottom; };
  const row = [...ed.querySelectorAll('.view-lines .view-line')].find(within);
  if (!row) return null;
  // Monaco splits a line into token spans: find `needle` across them with a DOM Range.
  const walker = document.createTreeWalker(row, NodeFilter.SHOW_TEXT);
  const nodes: Text[] = [];
  for (let n = walker.nextNode(); n; n = walker.nextNode()) nodes.push(n as Text);
  const text = nodes.map((n) => n.data).join('').replace(/\u00a0/g, ' ');
  let target: LineGeometry['target'] = null;
  const at = needle ? text.indexOf(needle) : 0;
  if (at >= 0 && text.length > 0) {
    const end = Math.min(text.length, at + Math.max(1, needle ? needle.length : 3));
    const range = document.createRange();
    let pos = 0;
    for (const n of nodes) {
      if (at >= pos && at < pos + n.data.length) range.setStart(n, at - pos);
      if (end > pos && end <= pos + n.data.length) range.setEnd(n, end - pos);
      pos += n.data.length;
    }
    const r = range.getBoundingClientRect();
    target = { x: r.x + r.width / 2, y: r.y + r.height / 2 };
  }
  const backgrounds: string[] = [];
  for (const o of ed.querySelectorAll('.view-overlays > div > div')) {
    const c = getComputedStyle(o).backgroundColor;
    if (within(o) && c && c !== 'rgba(0, 0, 0, 0)' && c !== 'transparent') backgrounds.push(c);
  }
  return { text, target, backgrounds };
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
