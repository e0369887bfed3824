/**
 * Opening a personal document: read its schema version, migrate it in place, idempotently.
 *
 * The migration is a chain of passes, each under its own tag, so an older pass never changes:
 *
 * - **v1 pass** (`MIGRATION_TAG`, unchanged since v1): copies each prototype record of `journal` into
 *   `entries` under the record's own id and leaves `journal` untouched; repairs v1 entries whose text
 *   fields are missing; imports v0 records that arrive later from a phone still running the
 *   prototype. For every state a v1 app accepts it writes exactly what a v1 app writes, so a v1 phone
 *   and a v2 phone migrating the same v0 document offline still make the same entries.
 * - **v2 step** (`MIGRATION_V2_TAG`): `meta.schema = 2` (and `kind`, `createdAt` if missing). v2 only
 *   adds the `communities` map, which needs no content: it comes into being with her first membership.
 *
 * Every pass is a pure function of the document's state and is made by a deterministic client
 * (deterministicWrite.ts), so two phones that migrate the same document offline make identical items
 * and merge without a trace, edits made afterwards included. All passes reach the document as one
 * update in one transaction. Only a document with no version and nothing to import or repair (a new,
 * empty one) gets its `meta` from the phone itself, with `meta.createdAt = now`.
 */
import * as Y from 'yjs';
import { DomainError } from './DomainError';
import { deterministicChain, type DeterministicPass } from './deterministicWrite';
import { isoDateToUtcMs } from './isoDate';
import { EntryKey, JOURNAL_TEXT_FIELDS, MetaKey, PERSONAL_KIND, PersonalRoot, SCHEMA_VERSION, type JournalTextField } from './schema';
import { readV0Journal, type V0Record, type V0Skipped } from './v0';

/**
 * Names what the v1 pass writes for a given document state. Bump the number whenever that output
 * changes (another field, another default, another order): see deterministicWrite.ts for why.
 * Since v2 the pass is frozen: later versions add steps of their own instead of changing it.
 */
export const MIGRATION_TAG = 'sejawat/personal/migrate@1';

/** Names what the v1 → v2 step writes (meta only). Same rule: change the output, bump the tag. */
export const MIGRATION_V2_TAG = 'sejawat/personal/v2@1';

/** Transaction origin of migration writes, for observers and undo managers that want to skip them. */
export const MIGRATION_ORIGIN = 'sejawat:migrate';

export interface MigrationResult {
  /** Schema version before (0 for a v0 or empty document). */
  from: number;
  /** Schema version after: SCHEMA_VERSION (or the version asked of migratePersonalDocTo). */
  to: number;
  /** Whether anything was written. */
  changed: boolean;
  /** v0 records copied into `entries` by this call. */
  imported: number;
  /** Text fields of v1 entries created (missing) or converted (plain string) by this call. */
  repaired: number;
  /** v0 records that cannot be migrated (kept in `journal`), with the reason. */
  skipped: V0Skipped[];
}

/** `meta.schema`: 0 for a v0 or empty document. Throws DomainError('invalid-schema') for garbage. */
export function readSchemaVersion(doc: Y.Doc): number {
  const schema = doc.getMap<unknown>(PersonalRoot.META).get(MetaKey.SCHEMA);
  if (schema === undefined) return 0;
  if (typeof schema !== 'number' || !Number.isInteger(schema) || schema < 1) {
    throw new DomainError('invalid-schema', `meta.schema is not a version number: ${String(schema)}`);
  }
  return schema;
}

interface Repair {
  key: string;
  field: JournalTextField;
  text: string;
}

interface Plan {
  imports: V0Record[];
  repairs: Repair[];
  writeSchema: boolean;
  writeKind: boolean;
  /** The value for a missing `meta.createdAt` when it is written from content (see planMigration). */
  createdAtFromContent: number;
  writeCreatedAt: boolean;
  skipped: V0Skipped[];
}

function isTimestamp(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

/** What the migration would write; a pure function of the state, in an order every phone agrees on. */
function planMigration(doc: Y.Doc): Plan {
  const meta = doc.getMap<unknown>(PersonalRoot.META);
  const entries = doc.getMap<unknown>(PersonalRoot.ENTRIES);
  const { records, skipped } = readV0Journal(doc);
  const imports = records.filter((record) => !entries.has(record.id));
  const repairs: Repair[] = [];
  // Map iteration order differs between phones; sorted keys make the plan the same everywhere.
  for (const key of [...entries.keys()].sort()) {
    const record = entries.get(key);
    if (!(record instanceof Y.Map)) continue;
    for (const field of JOURNAL_TEXT_FIELDS) {
      const value = (record as Y.Map<unknown>).get(field);
      if (value instanceof Y.Text) continue;
      // A plain string (a tool that wrote the wrong type) keeps its words; other junk becomes empty.
      repairs.push({ key, field, text: typeof value === 'string' ? value : '' });
    }
  }
  // A migrated document began no later than its oldest record: midnight UTC of the earliest v0 day
  // or the earliest v1 createdAt (0 when there is neither). Unlike "now", every phone agrees on it.
  let earliest: number | undefined;
  const consider = (ms: unknown) => {
    if (isTimestamp(ms) && (earliest === undefined || ms < earliest)) earliest = ms;
  };
  for (const record of records) consider(isoDateToUtcMs(record.date));
  entries.forEach((record) => {
    if (record instanceof Y.Map) consider((record as Y.Map<unknown>).get(EntryKey.CREATED_AT));
  });
  return {
    imports,
    repairs,
    // Only a document without a version gets `schema: 1` from this pass (exactly as in v1, where
    // "not 1" could only mean "none"); later versions are the later steps' business.
    writeSchema: meta.get(MetaKey.SCHEMA) === undefined,
    writeKind: meta.get(MetaKey.KIND) !== PERSONAL_KIND,
    createdAtFromContent: earliest ?? 0,
    writeCreatedAt: !isTimestamp(meta.get(MetaKey.CREATED_AT)),
    skipped,
  };
}

function applyPlan(doc: Y.Doc, plan: Plan): void {
  const meta = doc.getMap<unknown>(PersonalRoot.META);
  const entries = doc.getMap<unknown>(PersonalRoot.ENTRIES);
  for (const record of plan.imports) {
    const texts: Record<JournalTextField, string> = {
      className: '',
      activity: record.happened,
      methods: '',
      actions: '',
      expected: record.shouldHave,
      gap: record.problem,
    };
    const entry = new Y.Map<unknown>();
    entry.set(EntryKey.ID, record.id);
    entry.set(EntryKey.DATE, record.date);
    // v0 kept no creation time. Midnight UTC of its day, plus its position in `journal` (appended,
    // so older first) keeps the prototype's order within a day, and is the same on every phone.
    entry.set(EntryKey.CREATED_AT, (isoDateToUtcMs(record.date) ?? 0) + record.index);
    for (const field of JOURNAL_TEXT_FIELDS) entry.set(field, new Y.Text(texts[field]));
    entries.set(record.id, entry);
  }
  for (const repair of plan.repairs) {
    const record = entries.get(repair.key) as Y.Map<unknown>;
    record.set(repair.field, new Y.Text(repair.text));
  }
  writeMeta(meta, plan, plan.createdAtFromContent);
}

function writeMeta(meta: Y.Map<unknown>, plan: Plan, createdAt: number, schema = 1): void {
  if (plan.writeSchema) meta.set(MetaKey.SCHEMA, schema);
  if (plan.writeKind) meta.set(MetaKey.KIND, PERSONAL_KIND);
  if (plan.writeCreatedAt) meta.set(MetaKey.CREATED_AT, createdAt);
}

/** What the v2 step writes: meta only, for a document already past the v1 pass. */
function planV2(doc: Y.Doc, createdAtFromContent: number): { schema: boolean; kind: boolean; createdAt?: number } {
  const meta = doc.getMap<unknown>(PersonalRoot.META);
  const schema = meta.get(MetaKey.SCHEMA);
  const plan: { schema: boolean; kind: boolean; createdAt?: number } = {
    schema: schema === undefined || (typeof schema === 'number' && schema < 2),
    kind: meta.get(MetaKey.KIND) !== PERSONAL_KIND,
  };
  if (!isTimestamp(meta.get(MetaKey.CREATED_AT))) plan.createdAt = createdAtFromContent;
  return plan;
}

function isEmptyV2(plan: ReturnType<typeof planV2>): boolean {
  return !plan.schema && !plan.kind && plan.createdAt === undefined;
}

function applyV2(doc: Y.Doc, plan: ReturnType<typeof planV2>): void {
  const meta = doc.getMap<unknown>(PersonalRoot.META);
  if (plan.schema) meta.set(MetaKey.SCHEMA, 2);
  if (plan.kind) meta.set(MetaKey.KIND, PERSONAL_KIND);
  if (plan.createdAt !== undefined) meta.set(MetaKey.CREATED_AT, plan.createdAt);
}

/**
 * Brings `doc` to SCHEMA_VERSION in one transaction (origin MIGRATION_ORIGIN). Idempotent: a second
 * call writes nothing. Never deletes: v0 `journal` stays as it was. Throws DomainError('newer-schema')
 * for a document of a newer app, and DomainError('invalid-schema') for a document that is not a
 * personal document (another `meta.kind`, or a `meta.schema` that is not a number); both leave the
 * document untouched.
 */
export function migratePersonalDoc(doc: Y.Doc, now: number): MigrationResult {
  return migratePersonalDocTo(doc, now, SCHEMA_VERSION);
}

/**
 * migratePersonalDoc that stops after version `to` (1 ≤ to ≤ SCHEMA_VERSION): what an app of version
 * `to` does. For tests and tools, e.g. to check that the v1 pass still writes what v1 apps write.
 * A document already past `to` gets only the v1 pass's catch-up (late v0 records, repairs).
 */
export function migratePersonalDocTo(doc: Y.Doc, now: number, to: number): MigrationResult {
  if (!Number.isInteger(to) || to < 1 || to > SCHEMA_VERSION) throw new RangeError(`no schema version ${to}`);
  const meta = doc.getMap<unknown>(PersonalRoot.META);
  const kind = meta.get(MetaKey.KIND);
  // The kind first: a community document is not "newer", whatever its version number.
  if (kind !== undefined && kind !== PERSONAL_KIND) {
    throw new DomainError('invalid-schema', `not a personal document: meta.kind is ${String(kind)}`);
  }
  const from = readSchemaVersion(doc);
  if (from > SCHEMA_VERSION) {
    throw new DomainError('newer-schema', `document schema ${from} is newer than this app's ${SCHEMA_VERSION}`);
  }
  const target = Math.max(from, to);
  const plan = planMigration(doc);
  const fromContent = plan.imports.length > 0 || plan.repairs.length > 0;
  const result = (changed: boolean): MigrationResult => ({
    from,
    to: target,
    changed,
    imported: plan.imports.length,
    repaired: plan.repairs.length,
    skipped: plan.skipped,
  });

  if (!fromContent && (from === 0 || to === 1)) {
    // A new document (or one missing only meta, opened as v1): written by this phone, the new
    // document's birth, exactly as v1 did.
    const changed = plan.writeSchema || plan.writeKind || plan.writeCreatedAt;
    if (changed) doc.transact(() => writeMeta(meta, plan, now, target), MIGRATION_ORIGIN);
    return result(changed);
  }
  if (!fromContent && (target < 2 || isEmptyV2(planV2(doc, plan.createdAtFromContent)))) {
    return result(false); // the usual case: a current document, decided without copying it
  }

  // Each pass by its own deterministic client, on one copy (deterministicWrite.ts). The v1 plan was
  // made on `doc`, whose state is the copy's when the first pass runs; the v2 step plans on the copy.
  const passes: DeterministicPass[] = [];
  if (fromContent) passes.push({ tag: MIGRATION_TAG, write: (copy) => applyPlan(copy, plan) });
  if (target >= 2) {
    passes.push({
      tag: MIGRATION_V2_TAG,
      write: (copy) => {
        const v2 = planV2(copy, planMigration(copy).createdAtFromContent);
        if (!isEmptyV2(v2)) applyV2(copy, v2);
      },
    });
  }
  const update = deterministicChain(doc, passes);
  // One transaction. (Applying an update marks its transaction remote; a write by this phone's own
  // client in that same transaction would make Yjs think another phone uses its clientID, so this
  // path writes nothing of its own.)
  if (update) Y.applyUpdateV2(doc, update, MIGRATION_ORIGIN);
  return result(update !== undefined);
}

/**
 * Makes `doc` a usable personal document of this app's version: creates `meta` for a new (empty)
 * document, migrates an older one, and does nothing to a current one. Call it after loading local
 * state, before use. Throws like migratePersonalDoc ('newer-schema': this app is too old for it).
 */
export function initPersonalDoc(doc: Y.Doc, now: number): void {
  migratePersonalDoc(doc, now);
}
