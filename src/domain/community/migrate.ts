/**
 * Opening a community document: read its schema version, migrate it in place, idempotently.
 *
 * Version 1 is the first. A version N+1 adds one CommunityMigrationStep `{ from: N, tag, write }` to
 * COMMUNITY_MIGRATIONS.steps, bumps COMMUNITY_SCHEMA_VERSION and gives the repair pass a new tag (it
 * writes `meta.schema = N+1`, so its output changed). Opening a document of version k then runs the steps k, k+1, …
 * in order, then the repair pass (repair.ts), which also writes `meta.schema`. Every write is made on a
 * copy by a deterministic client (personal/deterministicWrite.ts) and all of them reach the document
 * as one update, in one transaction: two phones migrating the same state offline make the same items,
 * and what is typed afterwards on either phone merges.
 *
 * A step's `write` must be a pure function of the copy's state (no clock, no randomness, sorted map
 * keys) and must not write `meta.schema`; whenever what it writes changes, its tag must change.
 */
import * as Y from 'yjs';
import { DomainError } from '../personal/DomainError';
import { deterministicChain, type DeterministicPass } from '../personal/deterministicWrite';
import { MIGRATION_ORIGIN, readSchemaVersion } from '../personal/migrate';
import { MetaKey } from '../personal/schema';
import { applyCommunityRepair, isEmptyCommunityDoc, isEmptyRepair, planCommunityRepair } from './repair';
import { COMMUNITY_KIND, COMMUNITY_SCHEMA_VERSION, CommunityRoot } from './schema';

export interface CommunityMigrationStep {
  /** Upgrades a document of version `from` to `from + 1`. */
  from: number;
  /** Names what `write` produces for a given state (see deterministicWrite.ts). */
  tag: string;
  /** Writes the upgrade on a copy of the document, as a pure function of the copy's state. */
  write(copy: Y.Doc): void;
}

export interface CommunityMigrations {
  /** The version documents are brought to. */
  version: number;
  /** One step per version below `version`, from 1. */
  steps: readonly CommunityMigrationStep[];
  /** Names what the repair pass writes for this version (it writes `meta.schema = version`). */
  repairTag: string;
}

/**
 * v1 → v2: the learning cycle's maps (`problems`, `whys`, `comments`, `boards`, `solutions`, `trials`,
 * `practices`). They need no content: a top-level type exists in every Yjs document and each comes
 * into being with its first record. So the step writes nothing, and the version is written by the
 * repair pass that follows (`meta.schema = 2` under COMMUNITY_REPAIR_V2_TAG). Two phones migrating the
 * same v1 state offline therefore make identical items; two phones with different states each write
 * `schema = 2`, and the merge keeps one of two equal values. A v1 app then refuses the document as
 * newer (`newer-schema`) and asks to be updated, without writing.
 */
export const COMMUNITY_V2_STEP: CommunityMigrationStep = Object.freeze({
  from: 1,
  tag: 'sejawat/community/v2@1',
  write(): void {
    // Nothing to write: see above. Kept as a step so the chain names every version.
  },
});

/** The tag of the repair pass of v1 apps; frozen (a v1 app still writes exactly this). */
export const COMMUNITY_REPAIR_V1_TAG = 'sejawat/community/repair@1';
/** The repair pass of v2: the same fixes, but it writes `meta.schema = 2`, hence its own tag. */
export const COMMUNITY_REPAIR_V2_TAG = 'sejawat/community/repair@2';

/** The migrations of this app: version 2, one step from 1. */
export const COMMUNITY_MIGRATIONS: CommunityMigrations = Object.freeze({
  version: COMMUNITY_SCHEMA_VERSION,
  steps: Object.freeze([COMMUNITY_V2_STEP]) as readonly CommunityMigrationStep[],
  repairTag: COMMUNITY_REPAIR_V2_TAG,
});

/** What a v1 app ran: for tests that show how a phone not yet updated treats a v2 document. */
export const COMMUNITY_MIGRATIONS_V1: CommunityMigrations = Object.freeze({
  version: 1,
  steps: Object.freeze([]) as readonly CommunityMigrationStep[],
  repairTag: COMMUNITY_REPAIR_V1_TAG,
});

export interface CommunityMigrationResult {
  /** Version before: 0 for a document without `meta.schema`. */
  from: number;
  /** Version after: the target version, or 0 for an empty document (not a community yet). */
  to: number;
  /** Whether anything was written. */
  changed: boolean;
  /** Tags of the steps that wrote something. */
  stepsRun: string[];
  /** Fields recreated by the repair pass. */
  repaired: number;
}

/**
 * Brings a community document to `migrations.version` in one transaction (origin MIGRATION_ORIGIN).
 * Idempotent: a second call writes nothing. A document without `meta` and `info` (a joiner's phone
 * before the first sync, even after she added herself to `members`) is left alone: it is not a
 * community yet, and a `meta` written there would race the founder's.
 * A document without `meta.schema` but with content is read as version 1 content.
 * Throws DomainError('newer-schema') for a document of a newer app and 'invalid-schema' for one that
 * is not a community document; both leave it untouched.
 */
export function migrateCommunityDoc(
  doc: Y.Doc,
  now: number,
  migrations: CommunityMigrations = COMMUNITY_MIGRATIONS,
): CommunityMigrationResult {
  void now; // Kept for migrations that may need the opening time; nothing up to v2 depends on the clock.
  const kind = doc.getMap<unknown>(CommunityRoot.META).get(MetaKey.KIND);
  // The kind first: a personal document is not "newer", whatever its version number.
  if (kind !== undefined && kind !== COMMUNITY_KIND) {
    throw new DomainError('invalid-schema', `not a community document: meta.kind is ${String(kind)}`);
  }
  const from = readSchemaVersion(doc);
  if (from > migrations.version) {
    throw new DomainError('newer-schema', `community schema ${from} is newer than this app's ${migrations.version}`);
  }
  if (isEmptyCommunityDoc(doc)) return { from, to: 0, changed: false, stepsRun: [], repaired: 0 };
  // The usual case, a current and sound document, is decided without copying it.
  if (from === migrations.version && isEmptyRepair(planCommunityRepair(doc, migrations.version))) {
    return { from, to: from, changed: false, stepsRun: [], repaired: 0 };
  }

  const passes: DeterministicPass[] = [];
  for (let version = Math.max(from, 1); version < migrations.version; version++) {
    const step = migrations.steps.find((s) => s.from === version);
    if (!step) throw new Error(`no community migration step from version ${version}`);
    passes.push({ tag: step.tag, write: (copy) => step.write(copy) });
  }
  // Each pass runs on the state the earlier ones left (deterministicChain), so the repair is planned
  // inside its pass, on the copy, after the steps.
  let repaired = 0;
  passes.push({
    tag: migrations.repairTag,
    write: (copy) => {
      const plan = planCommunityRepair(copy, migrations.version);
      repaired = plan.fixes.length;
      if (!isEmptyRepair(plan)) applyCommunityRepair(copy, plan);
    },
  });
  const stepsRun: string[] = [];
  const update = deterministicChain(doc, passes, (tag) => stepsRun.push(tag));
  if (update) Y.applyUpdateV2(doc, update, MIGRATION_ORIGIN);
  return {
    from,
    to: migrations.version,
    changed: update !== undefined,
    stepsRun: stepsRun.filter((tag) => tag !== migrations.repairTag),
    repaired,
  };
}

/**
 * Makes `doc` usable as a community document of this app's version: migrates an older one, repairs,
 * and does nothing to a current one or one that is not a community yet (createCommunity or the first
 * sync fills it).
 * Call it after loading local state and again after a sync; it is cheap when there is nothing to do.
 */
export function initCommunityDoc(doc: Y.Doc, now: number): void {
  migrateCommunityDoc(doc, now);
}
