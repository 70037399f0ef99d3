// What a UI test file exports: `export const scenarios: Scenario[] = [...]` in test/vscode/ui/*.ui.ts.
import type { Workbench } from './workbench';

export interface Scenario {
  name: string;
  /** Gets a fresh browser window on the fixtures workspace; throw (e.g. assert) to fail. */
  run(wb: Workbench): Promise<void>;
  /**
   * It leaves unsaved untitled editors (e.g. a counterexample log), which code-server restores in
   * the next window: such scenarios run after all the others, so no other scenario (or its
   * screenshot) starts from their layout.
   */
  leavesUnsavedEditors?: boolean;
}
