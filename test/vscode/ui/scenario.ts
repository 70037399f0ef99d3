// What a UI test file exports: `export const scenarios: Scenario[] = [...]` in test/vscode/ui/*.ui.ts.
import type { Workbench } from './workbench';

export interface Scenario {
  name: string;
  /** Gets a fresh browser window on the fixtures workspace; throw (e.g. assert) to fail. */
  run(wb: Workbench): Promise<void>;
}
