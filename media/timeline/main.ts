// Webview entry (bundled to dist/webview/timeline.js): builds the view, connects it to the host
// through the shared protocol, and restores the state VS Code kept for it.

import {
  isTimelineWebviewState, Messenger, parseToWebview,
  type FromWebviewMessage, type ToWebviewMessage, type WebviewRequests,
} from '../../src/shared/protocol';
import { TimelineApp } from './app';
import { attachInput } from './input';
import { buildUi } from './ui';
import { vscodeApi } from './vscodeApi';

const api = vscodeApi();
const saved = api.getState();
const ui = buildUi(document.body);

const messenger = new Messenger<FromWebviewMessage, ToWebviewMessage, WebviewRequests>(
  (e) => api.postMessage(e),
  (m) => {
    try {
      return app.handle(m);
    } catch (err) {
      messenger.send({ type: 'error', message: `timeline: ${m.type} failed: ${err instanceof Error ? err.message : String(err)}` });
      return undefined;
    }
  },
);
const app: TimelineApp = new TimelineApp(ui, (m) => messenger.send(m), (s) => api.setState(s), isTimelineWebviewState(saved) ? saved : null);
attachInput(app);

ui.runSelect.addEventListener('change', () => app.selectRun(ui.runSelect.value));
ui.zoomIn.addEventListener('click', () => { app.view.zoom(1 / 1.5); app.viewChanged(); });
ui.zoomOut.addEventListener('click', () => { app.view.zoom(1.5); app.viewChanged(); });
ui.fit.addEventListener('click', () => { app.view.fit(); app.viewChanged(); });
for (const [button, format] of [[ui.exportSvg, 'svg'], [ui.exportPng, 'png']] as const) {
  button.addEventListener('click', () => {
    const r = app.exportImage(format);
    if (r) messenger.send(r);
  });
}

new ResizeObserver(() => app.resize()).observe(ui.plot);
// VS Code swaps the body's theme class and variables when the colour theme changes.
new MutationObserver(() => app.themeChanged()).observe(document.body, { attributes: true, attributeFilter: ['class', 'style'] });
new MutationObserver(() => app.themeChanged()).observe(document.documentElement, { attributes: true, attributeFilter: ['style'] });

window.addEventListener('message', (e: MessageEvent) => {
  const env = parseToWebview(e.data);
  if (env) void messenger.receive(env);
});

// For the benchmark and tests: draw counts and durations (no effect on behaviour).
(globalThis as { rcuTimelineStats?: unknown }).rcuTimelineStats = app.stats;

messenger.send({ type: 'ready' });
