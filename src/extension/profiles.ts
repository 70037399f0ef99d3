// Profiles available to the analysis: the built-in one (the seed module's messages) and custom
// JSON profiles named in rcuLens.profiles, read through workspace.fs so they work in virtual and
// web workspaces too. The active one is rcuLens.profile (by name). Beside them, the pattern files
// named in rcuLens.patterns (`rcu-lens-pattern/1`, the CLI's --pattern): every log is tried with
// them and the built-in patterns; a bad file is named with its line:column error, never fatal.
import * as vscode from 'vscode';
import { type CompiledProfile, type Profile, PHASED_STATE_CHANGE, compileProfile } from '../core/patterns/profile';
import type { CompiledPattern } from '../core/patterns/schema';
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
  /** The patterns of rcuLens.patterns that loaded (compiled), in the settings' order. */
  private userPatterns: CompiledPattern[] = [];
  /** Problems met loading pattern files: `path: line:column: what` (shown once per load, and in the output). */
  patternErrors: string[] = [];

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
    await this.loadPatterns();
  }

  private async loadPatterns(): Promise<void> {
    const patterns: CompiledPattern[] = [];
    const errors: string[] = [];
    const paths = readConfig().patternPaths;
    if (paths.length) {
      // The pattern reader is core code, loaded on first use (activation loads none of the core).
      const { parsePattern } = await import('../core/patterns/schema');
      for (const p of paths) {
        const uri = resolveProfilePath(p);
        if (!uri) { errors.push(`${p}: relative path but no workspace folder is open`); continue; }
        try {
          const bytes = await vscode.workspace.fs.readFile(uri);
          if (bytes.length > 1024 * 1024) throw new Error('pattern file is larger than 1 MB');
          const compiled = parsePattern(new TextDecoder().decode(bytes));
          const clash = patterns.findIndex((x) => x.name === compiled.name);
          if (clash >= 0) { errors.push(`${p}: pattern name "${compiled.name}" is already used by an earlier file; this one wins`); patterns.splice(clash, 1); }
          patterns.push(compiled);
        } catch (e) {
          errors.push(`${p}: ${(e as Error).message}`);
        }
      }
    }
    this.userPatterns = patterns;
    this.patternErrors = errors;
    for (const e of errors) output().warn(`pattern: ${e}`);
    if (errors.length) {
      void vscode.window.showWarningMessage(`RCU Lens: ${errors.length === 1 ? 'a pattern file in rcuLens.patterns was not loaded' : `${errors.length} pattern files in rcuLens.patterns were not loaded`}: ${errors[0]}`);
    }
  }

  /** The user's patterns (rcuLens.patterns) that loaded; the analyzer adds the built-in ones. */
  async patterns(): Promise<CompiledPattern[]> {
    await (this.loaded ?? this.reload());
    return this.userPatterns;
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
