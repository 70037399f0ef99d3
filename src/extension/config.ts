// The rcuLens.* settings, read in one place. Colours are not here: they are theme colours
// (contributes.colors), which themes and workbench.colorCustomizations override.
import * as vscode from 'vscode';
import type { RuleId } from '../core/model';
import { ALL_RULE_IDS } from '../core/explain/words';

export const SECTION = 'rcuLens';
const ALL_RULES: readonly RuleId[] = ALL_RULE_IDS;

interface LensConfig {
  /** Name of the active profile. */
  profile: string;
  /** Paths (absolute, or relative to the first workspace folder) of custom profile JSON files. */
  profilePaths: string[];
  /** Paths of pattern files (`rcu-lens-pattern/1`), tried on every log beside the built-in patterns. */
  patternPaths: string[];
  /** The rule checks that run. */
  rules: RuleId[];
  /** Lines matching any of these are ignored by the analysis (kept in the editor). */
  noiseFilters: RegExp[];
  /** Problems found in the noise filters themselves. */
  noiseErrors: string[];
  /** Files above this many bytes are for "Open Large Log". */
  largeLogBytes: number;
  detectKernelLogs: boolean;
  decorations: boolean;
  codeLens: boolean;
  /** Thresholds of the kernel RCU rules (RCU tracepoints): seconds. */
  kernel: { readerBlockThreshold: number; stallTimeout: number | undefined };
}

export function readConfig(scope?: vscode.ConfigurationScope): LensConfig {
  const c = vscode.workspace.getConfiguration(SECTION, scope);
  const checks = c.get<Record<string, boolean>>('checks') ?? {};
  const noiseErrors: string[] = [];
  const noiseFilters: RegExp[] = [];
  for (const src of c.get<string[]>('noiseFilters') ?? []) {
    if (typeof src !== 'string' || !src) continue;
    try {
      noiseFilters.push(new RegExp(src));
    } catch (e) {
      noiseErrors.push(`rcuLens.noiseFilters: ${JSON.stringify(src)} is not a valid regular expression (${(e as Error).message})`);
    }
  }
  return {
    profile: c.get<string>('profile') || 'phased-state-change',
    profilePaths: (c.get<string[]>('profiles') ?? []).filter((p) => typeof p === 'string' && p.length > 0),
    patternPaths: (c.get<string[]>('patterns') ?? []).filter((p) => typeof p === 'string' && p.length > 0),
    rules: ALL_RULES.filter((r) => checks[r] !== false),
    noiseFilters,
    noiseErrors,
    largeLogBytes: Math.max(0.01, c.get<number>('largeLogThresholdMB') ?? 50) * 1024 * 1024,
    detectKernelLogs: c.get<boolean>('detectKernelLogs') ?? true,
    decorations: c.get<boolean>('decorations.enabled') ?? true,
    codeLens: c.get<boolean>('codeLens.enabled') ?? true,
    kernel: {
      readerBlockThreshold: Math.max(0, c.get<number>('kernel.readerBlockThreshold') ?? 1),
      // 0 or unset: the log's own value, else the kernel's default (21 s).
      stallTimeout: (c.get<number>('kernel.stallTimeout') ?? 0) > 0 ? c.get<number>('kernel.stallTimeout') : undefined,
    },
  };
}
