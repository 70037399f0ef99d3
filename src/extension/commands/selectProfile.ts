// RCU: Select Profile — pick the vocabulary that maps log messages to RCU events: the built-in
// phased-state-change profile, a custom one from rcuLens.profiles, or a JSON file to add.
import * as vscode from 'vscode';
import type { Lens } from '../lens';
import { readConfig } from '../config';

interface Item extends vscode.QuickPickItem { action: 'select' | 'file' | 'none'; name?: string }

/** arg: a profile name to select, or a Uri of a profile file to add (tests, keybindings). */
export async function selectProfile(lens: Lens, arg?: unknown): Promise<string | undefined> {
  if (typeof arg === 'string') {
    const all = await lens.profiles.all();
    if (!all.some((e) => e.profile.name === arg)) {
      void vscode.window.showErrorMessage(`RCU: no profile named "${arg}".`);
      return undefined;
    }
    await lens.profiles.select(arg);
    return arg;
  }
  if (arg instanceof vscode.Uri) return addFile(lens, arg);

  const all = await lens.profiles.all();
  const active = readConfig().profile;
  const items: Item[] = all.map((e) => ({
    action: 'select', name: e.profile.name,
    label: `${e.profile.name === active ? '$(check) ' : ''}${e.profile.name}`,
    description: e.source === 'built-in' ? 'built-in' : vscode.Uri.parse(e.source).path.split('/').pop(),
    detail: e.profile.description ?? `${e.profile.patterns.length} patterns`,
  }));
  items.push({ label: '', kind: vscode.QuickPickItemKind.Separator, action: 'none' });
  items.push({ action: 'file', label: '$(folder-opened) Load a profile from a JSON file…', detail: 'Patterns with a named capture `task`, mapped to event kinds (see the README)' });
  for (const err of lens.profiles.errors) items.push({ action: 'none', label: `$(warning) ${err}` });
  const pick = await vscode.window.showQuickPick(items, { title: 'RCU: Select Profile', placeHolder: 'Which module\'s messages does this log use?' });
  if (!pick || pick.action === 'none') return undefined;
  if (pick.action === 'select' && pick.name) {
    await lens.profiles.select(pick.name);
    return pick.name;
  }
  const files = await vscode.window.showOpenDialog({ canSelectMany: false, filters: { 'RCU Lens profile': ['json'] }, title: 'Load an RCU Lens profile' });
  return files?.[0] ? addFile(lens, files[0]) : undefined;
}

async function addFile(lens: Lens, uri: vscode.Uri): Promise<string | undefined> {
  try {
    const name = await lens.profiles.addFile(uri);
    void vscode.window.showInformationMessage(`RCU: profile "${name}" is now active.`);
    return name;
  } catch (e) {
    void vscode.window.showErrorMessage(`RCU: ${(e as Error).message}`);
    return undefined;
  }
}
