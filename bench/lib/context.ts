/** What every measurement receives. */
import type { Plan } from './plan.ts';

export interface BenchContext {
  plan: Plan;
  repoRoot: string;
  log: (line: string) => void;
}
