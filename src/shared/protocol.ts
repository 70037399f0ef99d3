// The timeline webview's message protocol: the only place that knows message shapes. Imported by
// the extension host (src/extension/timeline/panel.ts) and the webview (media/timeline/), so a
// change of shape fails to compile on both sides.
//
// Transport: every message travels in an Envelope. `request()` waits for the Envelope whose
// `inReplyTo` is its id; everything else goes to the receiver's handler, whose return value (if
// any) is sent back as the reply. TimelineData holds typed arrays: VS Code (1.57+) posts them
// between the extension host and webviews as binary, not JSON, so a million items cost a copy of
// a few buffers. Only plain data crosses (no classes, no functions).
//
// Exchange: webview → `ready`; host → `init` (and `update` whenever the analysis or the run
// changes); host → `highlight` as the editor cursor moves; webview → `reveal` on a click or Enter;
// webview → `selectRun` from its picker; host → `exportRequest`, answered by `exportResult` (the
// webview also sends `exportResult` on its own from its toolbar); host → `overlay` with the
// simulator's expected run; webview → `error` for anything it could not do.

import type { TimelineData } from '../core/timeline/timeline';
import type { ThemeKind } from '../core/timeline/style';

export type { ThemeKind } from '../core/timeline/style';
export type ExportFormat = 'svg' | 'png';

// --- extension → webview ----------------------------------------------------------------------

export interface InitMessage {
  type: 'init';
  /** The log's URI (string form): saved in the webview state so a reload finds the document again. */
  docUri: string;
  /** Short name of the document, for titles. */
  docLabel: string;
  data: TimelineData;
  theme: ThemeKind;
}

/** New data for the same document: another run, or the analysis changed. The view is kept when the selection is the same. */
export interface UpdateMessage {
  type: 'update';
  data: TimelineData;
  theme?: ThemeKind;
}

/** The editor cursor is on `line`: select the matching item (null: clear). */
interface HighlightMessage {
  type: 'highlight';
  line: number | null;
}

/** The simulator's expected run for the shown selection, drawn as ghost bars on lanes of the same name (null: remove). */
export interface OverlayMessage {
  type: 'overlay';
  data: TimelineData | null;
  label: string;
}

/** Asks for the timeline as an image; the webview replies with ExportResultMessage. */
interface ExportRequestMessage {
  type: 'exportRequest';
  format: ExportFormat;
}

export type ToWebviewMessage = InitMessage | UpdateMessage | HighlightMessage | OverlayMessage | ExportRequestMessage;

// --- webview → extension ----------------------------------------------------------------------

/** The webview has loaded and listens: send `init`. */
interface ReadyMessage {
  type: 'ready';
}

/** Reveal and select lines line..endLine (1-based, inclusive) in the log's editor. */
interface RevealMessage {
  type: 'reveal';
  line: number;
  endLine: number;
  /** Move the keyboard focus to the editor (double click, Ctrl+Enter); otherwise the timeline keeps it. */
  focusEditor?: boolean;
}

/** svg: the SVG text; png: a `data:image/png;base64,` URL. */
export interface ExportResultMessage {
  type: 'exportResult';
  format: ExportFormat;
  data: string;
}

interface SelectRunMessage {
  type: 'selectRun';
  key: string;
}

interface ErrorMessage {
  type: 'error';
  message: string;
}

export type FromWebviewMessage = ReadyMessage | RevealMessage | ExportResultMessage | SelectRunMessage | ErrorMessage;

/** Which reply each request gets. */
export interface HostRequests {
  exportRequest: ExportResultMessage;
}
// The webview makes no requests today; the map exists so adding one is typed on both sides.
export type WebviewRequests = Record<never, never>;

// --- state --------------------------------------------------------------------------------------

/** What the webview keeps with setState; the host's WebviewPanelSerializer gets it back after a reload. */
export interface TimelineWebviewState {
  docUri: string;
  selection: string;
  view: { from: number; to: number } | null;
  selectedLine: number | null;
}

export function isTimelineWebviewState(v: unknown): v is TimelineWebviewState {
  const s = v as TimelineWebviewState | null;
  return !!s && typeof s === 'object' && typeof s.docUri === 'string' && typeof s.selection === 'string';
}

// --- transport ----------------------------------------------------------------------------------

export interface Envelope<T> {
  id: number;
  inReplyTo?: number;
  body: T;
}

type Reply<TIn extends { type: string }, Req, M> = M extends { type: infer K } ? (K extends keyof Req ? Req[K] : never) : TIn;

/**
 * Request/reply over postMessage. TOut: what this side sends; TIn: what it receives; Req maps the
 * type of each request this side makes to the reply it gets.
 */
export class Messenger<TOut extends { type: string }, TIn extends { type: string }, Req> {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (m: TIn) => void; reject: (e: Error) => void }>();

  constructor(
    private readonly post: (e: Envelope<TOut>) => void,
    private readonly handler: (m: TIn) => TOut | void | undefined | Promise<TOut | void | undefined>,
  ) {}

  /** Fire and forget. */
  send(body: TOut): void {
    this.post({ id: this.nextId++, body });
  }

  /** Sends and waits for the reply (rejects after `timeoutMs`, default 30 s). */
  request<M extends TOut & { type: keyof Req }>(body: M, timeoutMs = 30000): Promise<Reply<TIn, Req, M>> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => { this.pending.delete(id); reject(new Error(`no reply to ${body.type}`)); }, timeoutMs);
      this.pending.set(id, {
        resolve: (m) => { clearTimeout(timer); resolve(m as Reply<TIn, Req, M>); },
        reject: (e) => { clearTimeout(timer); reject(e); },
      });
      this.post({ id, body });
    });
  }

  /** Feed every received envelope here (validate first with the parse functions below). */
  async receive(e: Envelope<TIn>): Promise<void> {
    if (e.inReplyTo !== undefined) {
      const p = this.pending.get(e.inReplyTo);
      this.pending.delete(e.inReplyTo);
      p?.resolve(e.body);
      return;
    }
    const reply = await this.handler(e.body);
    if (reply) this.post({ id: this.nextId++, inReplyTo: e.id, body: reply });
  }

  /** Rejects whatever is still waiting (the panel was closed). */
  dispose(): void {
    for (const p of this.pending.values()) p.reject(new Error('closed'));
    this.pending.clear();
  }
}

// --- validation -------------------------------------------------------------------------------
// The host never trusts what a webview posts (a webview that ran hostile log text could post
// anything): messages are checked field by field before use.

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);

function envelopeOf(v: unknown): Envelope<unknown> | null {
  const e = v as Envelope<unknown> | null;
  if (!e || typeof e !== 'object' || !isInt(e.id)) return null;
  if (e.inReplyTo !== undefined && !isInt(e.inReplyTo)) return null;
  if (!e.body || typeof e.body !== 'object') return null;
  return e;
}

export function parseFromWebview(v: unknown): Envelope<FromWebviewMessage> | null {
  const e = envelopeOf(v);
  if (!e) return null;
  const m = e.body as Record<string, unknown>;
  switch (m.type) {
    case 'ready': return { ...e, body: { type: 'ready' } };
    case 'reveal':
      if (!isInt(m.line) || !isInt(m.endLine) || m.line < 1 || m.endLine < m.line) return null;
      return { ...e, body: { type: 'reveal', line: m.line, endLine: m.endLine, focusEditor: m.focusEditor === true } };
    case 'exportResult':
      if ((m.format !== 'svg' && m.format !== 'png') || typeof m.data !== 'string') return null;
      if (m.format === 'png' && !m.data.startsWith('data:image/png;base64,')) return null;
      return { ...e, body: { type: 'exportResult', format: m.format, data: m.data } };
    case 'selectRun':
      return typeof m.key === 'string' && m.key.length < 64 ? { ...e, body: { type: 'selectRun', key: m.key } } : null;
    case 'error':
      return { ...e, body: { type: 'error', message: String(m.message).slice(0, 2000) } };
    default: return null;
  }
}

/** The webview's check of what arrives on `window.message` (only the type: the host is trusted). */
export function parseToWebview(v: unknown): Envelope<ToWebviewMessage> | null {
  const e = envelopeOf(v);
  if (!e) return null;
  const t = (e.body as { type?: unknown }).type;
  return t === 'init' || t === 'update' || t === 'highlight' || t === 'overlay' || t === 'exportRequest'
    ? (e as Envelope<ToWebviewMessage>) : null;
}

export type HostMessenger = Messenger<ToWebviewMessage, FromWebviewMessage, HostRequests>;
