// A small library of user steps against the VS Code web workbench (code-server) in chromium.
// Each step does what a person does (keys, mouse) and waits for what a person would see.
// Selectors are VS Code 1.100's DOM; they are kept here so a VS Code update touches one file.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, BrowserContext, Frame, Page } from 'playwright-core';

export interface Cursor { line: number; column: number }

export class Workbench {
  /** Texts of alert/confirm/prompt dialogs raised by any frame (a webview running log text would show here). */
  readonly dialogs: string[] = [];
  /** Uncaught exceptions in any frame of the page. */
  readonly pageErrors: string[] = [];

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
    await this.page.waitForSelector('.quick-input-widget', { state: 'hidden' });
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
    const lineEl = await this.viewLine(line);
    const box = await lineEl.evaluate((el, needle) => {
      // Monaco splits a line into token spans: find `needle` across them with a DOM Range.
      const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      const nodes: Text[] = [];
      let all = '';
      for (let n = walker.nextNode(); n; n = walker.nextNode()) { nodes.push(n as Text); all += n.textContent; }
      const norm = all.replace(/\u00a0/g, ' ');
      const at = needle ? norm.indexOf(needle) : 0;
      if (at < 0) return null;
      const end = at + Math.max(1, Math.min(needle ? needle.length : 3, norm.length - at));
      const range = document.createRange();
      let pos = 0;
      for (const n of nodes) {
        const len = n.textContent!.length;
        if (at >= pos && at < pos + len) range.setStart(n, at - pos);
        if (end > pos && end <= pos + len) range.setEnd(n, end - pos);
        pos += len;
      }
      const r = range.getBoundingClientRect();
      return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
    }, text ?? '');
    if (!box) throw new Error(`"${text}" is not on line ${line}: ${await lineEl.textContent()}`);
    await this.page.mouse.move(box.x, box.y, { steps: 4 });
    const hover = this.page.locator('.monaco-editor .monaco-hover:not(.hidden) .monaco-hover-content').first();
    await hover.waitFor({ state: 'visible' });
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

  /** Background colours painted across the editor line `line` (whole-line decorations, current-line
   *  highlight...), as computed CSS colours; [] when nothing is painted there. */
  async lineDecorations(line: number): Promise<string[]> {
    const lineEl = await this.viewLine(line);
    const top = await lineEl.evaluate((el) => (el as HTMLElement).style.top);
    const editor = this.page.locator('.editor-group-container.active .monaco-editor').first();
    return editor.evaluate((ed, t) => {
      const colours: string[] = [];
      for (const row of ed.querySelectorAll<HTMLElement>('.view-overlays > div')) {
        if (row.style.top !== t) continue;
        for (const d of row.querySelectorAll<HTMLElement>('div')) {
          const c = getComputedStyle(d).backgroundColor;
          if (c && c !== 'rgba(0, 0, 0, 0)' && c !== 'transparent') colours.push(c);
        }
      }
      return colours;
    }, top);
  }

  /** The editor's rendered text of line `line` (must be in view: use goToLine first). */
  async lineText(line: number): Promise<string> {
    return ((await (await this.viewLine(line)).textContent()) ?? '').replace(/\u00a0/g, ' ');
  }

  /** Cursor position from the status bar ("Ln 12, Col 5"). */
  async cursor(): Promise<Cursor> {
    const item = this.page.locator('#status\\.editor\\.selection');
    await item.waitFor();
    const m = /Ln (\d+), Col (\d+)/.exec((await item.innerText()) ?? '');
    if (!m) throw new Error(`no cursor position in the status bar: ${await item.innerText()}`);
    return { line: Number(m[1]), column: Number(m[2]) };
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

  /** Saves a PNG of the whole window as <shotsDir>/<name>.png and returns its path. */
  async screenshot(name: string): Promise<string> {
    fs.mkdirSync(this.shotsDir, { recursive: true });
    const file = path.join(this.shotsDir, `${name}.png`);
    await this.page.mouse.move(0, 0).catch(() => undefined);
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

  private async viewLine(line: number) {
    // The line-number gutter and the text rows share `top`: find the row beside the number.
    const editor = this.page.locator('.editor-group-container.active .monaco-editor').first();
    const num = editor.locator('.margin-view-overlays .line-numbers', { hasText: new RegExp(`^\\s*${line}\\s*$`) }).first();
    await num.waitFor();
    const top = await num.evaluate((el) => (el.closest('.margin-view-overlays > div') as HTMLElement).style.top);
    const row = editor.locator(`.view-lines .view-line[style*="top:${top}"], .view-lines .view-line[style*="top: ${top}"]`).first();
    await row.waitFor();
    return row;
  }
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
