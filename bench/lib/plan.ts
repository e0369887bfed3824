/**
 * How big each measurement is in each mode. `full` is what the issue asks for and what
 * docs/BENCHMARKS.md records; `quick` is for a developer checking a change; `smoke` proves the
 * harness works in seconds (tests/server/benchSmoke.test.ts) and its numbers mean nothing.
 */
import { resolve } from 'node:path';

export type Mode = 'full' | 'quick' | 'smoke';

export const SECTION_IDS = ['jsWeight', 'openYear', 'coldStart', 'wire', 'relayLoad', 'idleRooms', 'wave', 'lighthouse', 'monthApart', 'scaleRamp'] as const;
export type SectionId = (typeof SECTION_IDS)[number];

export interface FixtureSize {
  teachers: number;
  entriesPerTeacher: number;
  boards: number;
  problemsPerBoard: number;
  solutionsPerProblem: number;
  trials: number;
  meetings: number;
  /** Smaller community documents, one per school (teachers are spread over them). */
  schools: number;
}

export interface Plan {
  mode: Mode;
  /** Repetitions behind each median (document loading, cold starts). */
  runs: number;
  fixture: FixtureSize;
  /**
   * Load levels, each `seconds` per relay split into `rounds` that alternate between the two
   * relays. The last level is the issue's; the first is below what this shared machine saturates
   * at, so the relays are compared on their own merits too.
   */
  load: { levels: Array<{ clients: number; rooms: number; seconds: number }>; workers: number; rounds: number };
  idleRooms: number;
  /**
   * Issue 9's ramp: connected clients (each 1 update/s, `perRoom` to a room) stepping up, `seconds`
   * a step, for each relay set-up; the ramp stops at the first step whose p99 passes 200 ms.
   * `reconnect`: the 1,000-client restart of sync-server/scripts/measureScaleOut.ts (full run only).
   */
  scaleRamp: {
    steps: number[];
    perRoom: number;
    seconds: number;
    workers: number;
    setups: Array<'sqlite' | 'postgres' | 'postgres3'>;
    reconnect?: { clients: number; communities: number };
  };
  wave: { clients: number; runs: number; emptyRuns: number; workers: number };
  coldStart: { runs: number };
  lighthouse: { runs: number };
  wire: { msPerKey: number; entryScale: number };
}

const FULL_FIXTURE: FixtureSize = {
  teachers: 25,
  entriesPerTeacher: 180,
  boards: 40,
  problemsPerBoard: 5,
  solutionsPerProblem: 6,
  trials: 200,
  meetings: 40,
  schools: 5,
};

export const PLANS: Record<Mode, Plan> = {
  full: {
    mode: 'full',
    runs: 5,
    fixture: FULL_FIXTURE,
    load: { levels: [{ clients: 200, rooms: 10, seconds: 15 }, { clients: 1000, rooms: 40, seconds: 30 }], workers: 4, rounds: 3 },
    idleRooms: 200,
    scaleRamp: {
      steps: [100, 200, 300, 450, 600, 800, 1000, 1300],
      perRoom: 5,
      seconds: 4,
      workers: 2,
      setups: ['sqlite', 'postgres', 'postgres3'],
      reconnect: { clients: 1000, communities: 200 },
    },
    wave: { clients: 25, runs: 3, emptyRuns: 1, workers: 3 },
    coldStart: { runs: 3 },
    lighthouse: { runs: 3 },
    wire: { msPerKey: 250, entryScale: 1 },
  },
  quick: {
    mode: 'quick',
    runs: 3,
    fixture: FULL_FIXTURE,
    load: { levels: [{ clients: 200, rooms: 10, seconds: 10 }], workers: 2, rounds: 2 },
    idleRooms: 50,
    scaleRamp: { steps: [150, 600], perRoom: 5, seconds: 2, workers: 2, setups: ['sqlite', 'postgres', 'postgres3'] },
    wave: { clients: 25, runs: 1, emptyRuns: 1, workers: 3 },
    coldStart: { runs: 1 },
    lighthouse: { runs: 1 },
    wire: { msPerKey: 250, entryScale: 1 },
  },
  smoke: {
    mode: 'smoke',
    runs: 1,
    fixture: { teachers: 3, entriesPerTeacher: 6, boards: 2, problemsPerBoard: 2, solutionsPerProblem: 2, trials: 3, meetings: 2, schools: 1 },
    load: { levels: [{ clients: 8, rooms: 2, seconds: 2 }], workers: 1, rounds: 1 },
    idleRooms: 4,
    scaleRamp: { steps: [10, 20], perRoom: 5, seconds: 1, workers: 1, setups: ['sqlite'] },
    wave: { clients: 3, runs: 1, emptyRuns: 1, workers: 1 },
    coldStart: { runs: 1 },
    lighthouse: { runs: 1 },
    wire: { msPerKey: 250, entryScale: 0.1 },
  },
};

export interface BenchArgs {
  plan: Plan;
  sections: SectionId[];
  out: string;
  /** Also print the JSON to stdout. */
  printJson: boolean;
}

export const USAGE = `npm run bench -- [--quick | --smoke] [--only=a,b] [--skip=a,b] [--out=file.json] [--no-json] [--head]
  sections: ${SECTION_IDS.join(', ')}
  --quick   fewer clients, seconds and runs (a couple of minutes)
  --smoke   tiny sizes, proves the harness works (seconds); its figures mean nothing
  --out     where to write the results (default: bench-results.json at the repository root)
  --head    measure the last commit in a snapshot, not this work tree`;

export function parseArgs(argv: readonly string[], repoRoot: string): BenchArgs {
  let mode: Mode = 'full';
  let only: SectionId[] | undefined;
  const skip = new Set<string>();
  let out = resolve(repoRoot, 'bench-results.json');
  let printJson = true;
  const sectionList = (value: string): SectionId[] => {
    const ids = value.split(',').map((s) => s.trim()).filter(Boolean);
    for (const id of ids) if (!(SECTION_IDS as readonly string[]).includes(id)) throw new Error(`unknown section "${id}"\n${USAGE}`);
    return ids as SectionId[];
  };
  for (const arg of argv) {
    if (arg === '--quick') mode = 'quick';
    else if (arg === '--smoke') mode = 'smoke';
    else if (arg === '--full') mode = 'full';
    else if (arg === '--no-json') printJson = false;
    else if (arg.startsWith('--only=')) only = sectionList(arg.slice('--only='.length));
    else if (arg.startsWith('--skip=')) for (const id of sectionList(arg.slice('--skip='.length))) skip.add(id);
    else if (arg.startsWith('--out=')) out = resolve(arg.slice('--out='.length));
    else if (arg === '--help' || arg === '-h') throw new Error(USAGE);
    else throw new Error(`unknown argument "${arg}"\n${USAGE}`);
  }
  const sections = (only ?? [...SECTION_IDS]).filter((id) => !skip.has(id));
  return { plan: PLANS[mode], sections, out, printJson };
}
