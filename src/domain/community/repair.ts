/**
 * The repair pass that ends every community migration: recreates the `Y.Text`, `Y.Array` and `Y.Map`
 * fields a record lacks (a tool or a buggy build wrote a plain value or nothing), and completes `meta`.
 * Like the personal migration it is a pure function of the document's state, written by a
 * deterministic client, so two phones repairing the same state make the same items and the typing
 * done afterwards on either phone merges.
 *
 * What it never does: guess at a record that is not a `Y.Map`, or at a bad id, date, status or
 * timestamp. Those stay as they are, skipped by readers, reported by validateCommunityDoc.
 */
import * as Y from 'yjs';
import { MetaKey } from '../personal/schema';
import { isTimestamp, sortedKeys } from './fields';
import { COMMUNITY_KIND, CommunityRoot, GOAL_TEXT_FIELDS, GoalKey, InfoKey, MEETING_TEXT_FIELDS, MeetingKey, MemberKey, NORM_TEXT_FIELDS } from './schema';

type Fix =
  | { root: string; key: string; field: string; type: 'text'; text: string }
  | { root: string; key: string; field: string; type: 'array'; items: string[] }
  | { root: string; key: string; field: string; type: 'map' };

export interface RepairPlan {
  fixes: Fix[];
  meta: { schema?: number; kind?: string; createdAt?: number };
}

/**
 * True when the document is not a community yet: no `meta` and no `info`. That is a joiner's phone
 * before the first sync, even once she has added herself to `members` (the app does so on joining);
 * a `meta` written there would race the founder's, so migration leaves such a document alone.
 */
export function isEmptyCommunityDoc(doc: Y.Doc): boolean {
  return doc.getMap<unknown>(CommunityRoot.META).size === 0 && doc.getMap<unknown>(CommunityRoot.INFO).size === 0;
}

function textFixes(root: string, fields: readonly string[], record: Y.Map<unknown>, key: string, fixes: Fix[]): void {
  for (const field of fields) {
    const value = record.get(field);
    if (value instanceof Y.Text) continue;
    // A plain string keeps its words; any other value becomes an empty text.
    fixes.push({ root, key, field, type: 'text', text: typeof value === 'string' ? value : '' });
  }
}

/** Each Y.Map record of a top-level map, in sorted key order (the same on every phone). */
function eachRecord(doc: Y.Doc, root: string, visit: (record: Y.Map<unknown>, key: string) => void): void {
  const map = doc.getMap<unknown>(root);
  for (const key of sortedKeys(map)) {
    const record = map.get(key);
    if (record instanceof Y.Map) visit(record as Y.Map<unknown>, key);
  }
}

/** What the repair would write to reach `version`; a pure function of the state. */
export function planCommunityRepair(doc: Y.Doc, version: number): RepairPlan {
  const fixes: Fix[] = [];
  const info = doc.getMap<unknown>(CommunityRoot.INFO);
  if (info.size > 0) {
    const focus = info.get(InfoKey.FOCUS);
    if (!(focus instanceof Y.Text)) {
      fixes.push({ root: CommunityRoot.INFO, key: '', field: InfoKey.FOCUS, type: 'text', text: typeof focus === 'string' ? focus : '' });
    }
    const schools = info.get(InfoKey.SCHOOLS);
    if (!(schools instanceof Y.Array)) {
      const items = Array.isArray(schools) ? schools.filter((s): s is string => typeof s === 'string') : [];
      fixes.push({ root: CommunityRoot.INFO, key: '', field: InfoKey.SCHOOLS, type: 'array', items });
    }
  }
  eachRecord(doc, CommunityRoot.GOALS, (record, key) => {
    textFixes(CommunityRoot.GOALS, GOAL_TEXT_FIELDS, record, key, fixes);
    if (!(record.get(GoalKey.HISTORY) instanceof Y.Array)) {
      fixes.push({ root: CommunityRoot.GOALS, key, field: GoalKey.HISTORY, type: 'array', items: [] });
    }
  });
  eachRecord(doc, CommunityRoot.NORMS, (record, key) => textFixes(CommunityRoot.NORMS, NORM_TEXT_FIELDS, record, key, fixes));
  eachRecord(doc, CommunityRoot.MEETINGS, (record, key) => {
    textFixes(CommunityRoot.MEETINGS, MEETING_TEXT_FIELDS, record, key, fixes);
    if (!(record.get(MeetingKey.ATTENDANCE) instanceof Y.Map)) {
      fixes.push({ root: CommunityRoot.MEETINGS, key, field: MeetingKey.ATTENDANCE, type: 'map' });
    }
  });

  const meta = doc.getMap<unknown>(CommunityRoot.META);
  const plan: RepairPlan = { fixes, meta: {} };
  if (meta.get(MetaKey.SCHEMA) !== version) plan.meta.schema = version;
  if (meta.get(MetaKey.KIND) !== COMMUNITY_KIND) plan.meta.kind = COMMUNITY_KIND;
  if (!isTimestamp(meta.get(MetaKey.CREATED_AT))) {
    // Not the clock (every phone must agree): when the community was made, else its first member.
    let createdAt = info.get(InfoKey.CREATED_AT);
    if (!isTimestamp(createdAt)) {
      let earliest: number | undefined;
      eachRecord(doc, CommunityRoot.MEMBERS, (record) => {
        const joinedAt = record.get(MemberKey.JOINED_AT);
        if (isTimestamp(joinedAt) && (earliest === undefined || joinedAt < earliest)) earliest = joinedAt;
      });
      createdAt = earliest ?? 0;
    }
    plan.meta.createdAt = createdAt as number;
  }
  return plan;
}

export function isEmptyRepair(plan: RepairPlan): boolean {
  return plan.fixes.length === 0 && Object.keys(plan.meta).length === 0;
}

/** Writes the plan (on the deterministic copy). */
export function applyCommunityRepair(doc: Y.Doc, plan: RepairPlan): void {
  for (const fix of plan.fixes) {
    const root = doc.getMap<unknown>(fix.root);
    const target = fix.key === '' ? root : (root.get(fix.key) as Y.Map<unknown>);
    if (fix.type === 'text') target.set(fix.field, new Y.Text(fix.text));
    else if (fix.type === 'array') target.set(fix.field, Y.Array.from<string>(fix.items));
    else target.set(fix.field, new Y.Map<unknown>());
  }
  const meta = doc.getMap<unknown>(CommunityRoot.META);
  if (plan.meta.schema !== undefined) meta.set(MetaKey.SCHEMA, plan.meta.schema);
  if (plan.meta.kind !== undefined) meta.set(MetaKey.KIND, plan.meta.kind);
  if (plan.meta.createdAt !== undefined) meta.set(MetaKey.CREATED_AT, plan.meta.createdAt);
}
