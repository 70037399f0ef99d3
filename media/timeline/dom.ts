// DOM building without markup: every text goes through textContent, so log text never becomes HTML.

type Attrs = Record<string, string | number | boolean | undefined>;

/** createElement with attributes (set one by one, never as markup) and an optional text. */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    if (k === 'class') e.className = String(v);
    else e.setAttribute(k, v === true ? '' : String(v));
  }
  if (text !== undefined) e.textContent = text;
  return e;
}

/** A toolbar button showing a codicon, named for screen readers and tooltips. */
export function iconButton(icon: string, label: string, keys?: string): HTMLButtonElement {
  const b = el('button', { class: 'icon-button', type: 'button', 'aria-label': label, title: keys ? `${label} (${keys})` : label });
  b.append(el('span', { class: `codicon codicon-${icon}`, 'aria-hidden': 'true' }));
  return b;
}
