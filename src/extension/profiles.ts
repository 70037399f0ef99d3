// Profiles available to the analysis: the built-in one (the seed module's messages) and custom
// JSON profiles named in rcuLens.profiles, read through workspace.fs so they work in virtual and
// web workspaces too. The active one is rcuLens.profile (by name).
import * as vscode from 'vscode';
import { type CompiledProfile, type Profile, PHASED_STATE_CHANGE, compileProfile } from '../core/patterns/profile';
import { readConfig, SECTION } from './config';
import { output } from './log';

interface ProfileEntry {
  profile: Profile;
  compiled: CompiledProfile;
  /** Where it came from: 'built-in' or the file's URI. */
  source: string;
}

const BUILT_IN: ProfileEntry = { profile: PHASED_STATE_CHANGE, compiled: compileProfile(PHASED_STATE_CHANGE), source: 'built-in' };

/** Resolve a configured path: absolute paths and URIs as they are, others against the first folder. */
function resolveProfilePath(p: string): vscode.Uri | null {
  if (/^[a-z][\w+.-]+:\/\//i.test(p)) return vscode.Uri.parse(p);
  if (p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p)) return vscode.Uri.file(p);
  const folder = vscode.workspace.workspaceFolders?.[0];
  return folder ? vscode.Uri.joinPath(folder.uri, ...p.split(/[\\/]/)) : null;
}

export class ProfileStore implements vscode.Disposable {
  private entries: ProfileEntry[] = [BUILT_IN];
  private loaded: Promise<void> | null = null;
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChange = this.emitter.event;
  /** Problems met loading custom profiles (shown in the Select Profile picker and the output). */
  errors: string[] = [];

  /** Load (or reload) the custom profiles named in the settings. */
  reload(): Promise<void> {
    this.loaded = this.load().then(() => this.emitter.fire());
    return this.loaded;
  }

  private async load(): Promise<void> {
    const entries: ProfileEntry[] = [BUILT_IN];
    const errors: string[] = [];
    for (const p of readConfig().profilePaths) {
      const uri = resolveProfilePath(p);
      if (!uri) { errors.push(`${p}: relative path but no workspace folder is open`); continue; }
      try {
        const entry = await loadProfileFile(uri);
        const clash = entries.findIndex((e) => e.profile.name === entry.profile.name);
        if (clash >= 0) errors.push(`${p}: profile name "${entry.profile.name}" is already used by ${entries[clash]!.source}; this one wins`);
        if (clash >= 0) entries.splice(clash, 1);
        entries.push(entry);
      } catch (e) {
        errors.push(`${p}: ${(e as Error).message}`);
      }
    }
    this.entries = entries;
    this.errors = errors;
    for (const e of errors) output().warn(`profile: ${e}`);
  }

  async all(): Promise<ProfileEntry[]> {
    await (this.loaded ?? this.reload());
    return this.entries;
  }

  /** The active profile (the built-in one when the configured name is unknown). */
  async active(): Promise<ProfileEntry> {
    const name = readConfig().profile;
    return (await this.all()).find((e) => e.profile.name === name) ?? BUILT_IN;
  }

  /** Make a profile the active one (workspace setting when a folder is open, else user). */
  async select(name: string): Promise<void> {
    const target = vscode.workspace.workspaceFolders?.length ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
    await vscode.workspace.getConfiguration(SECTION).update('profile', name, target);
  }

  /** Add a profile file to rcuLens.profiles and make it active. Returns its name. */
  async addFile(uri: vscode.Uri): Promise<string> {
    const entry = await loadProfileFile(uri); // validate first: a bad file never lands in the settings
    const c = vscode.workspace.getConfiguration(SECTION);
    const paths = c.get<string[]>('profiles') ?? [];
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    const rel = folder ? vscode.workspace.asRelativePath(uri, false) : uri.scheme === 'file' ? uri.fsPath : uri.toString();
    const target = vscode.workspace.workspaceFolders?.length ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
    if (!paths.includes(rel)) await c.update('profiles', [...paths, rel], target);
    await this.reload();
    await this.select(entry.profile.name);
    return entry.profile.name;
  }

  dispose(): void {
    this.emitter.dispose();
  }
}

async function loadProfileFile(uri: vscode.Uri): Promise<ProfileEntry> {
  const bytes = await vscode.workspace.fs.readFile(uri);
  if (bytes.length > 1024 * 1024) throw new Error('profile file is larger than 1 MB');
  // every field's type checked (line:column), not only the patterns: `"updaters": 5` is an error
  // (loaded on first use: the checker is core code, and activation loads none of the core)
  const { readProfileText } = await import('../core/patterns/profileCheck');
  const profile = readProfileText(new TextDecoder().decode(bytes));
  return { profile, compiled: compileProfile(profile), source: uri.toString() };
}
