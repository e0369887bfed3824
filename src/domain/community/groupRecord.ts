/**
 * Reading one small-group record (kelompok kecil) defensively, and the set of groups still in use.
 * Members, goals, meetings and the schedule refer to groups by id; they all ask here whether a group
 * exists and is not archived.
 */
import type * as Y from 'yjs';
import type { RecordId } from '../ids';
import type { SchemaProblem } from '../personal/schema';
import { isLine, NAME_MAX, Problems } from './fields';
import { CommunityRoot, GroupKey } from './schema';

export interface GroupRecord {
  id: RecordId;
  name: string;
  createdAt: number;
  archivedAt?: number;
}

export function groupsOf(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap<unknown>(CommunityRoot.GROUPS);
}

/** The group if the record under `key` is valid, and every problem found (empty when valid). */
export function inspectGroup(key: string, value: unknown): { group?: GroupRecord; problems: SchemaProblem[] } {
  const problems = new Problems(`${CommunityRoot.GROUPS}.${key}`);
  const record = problems.record(key, value);
  if (!record) return { problems: problems.list };
  const name = record.get(GroupKey.NAME);
  if (!isLine(name, 1, NAME_MAX)) problems.add(GroupKey.NAME, `not a trimmed name of 1 to ${NAME_MAX} characters`);
  const createdAt = problems.timestamp(record, GroupKey.CREATED_AT);
  const archivedAt = problems.timestamp(record, GroupKey.ARCHIVED_AT, true);
  if (problems.list.length > 0) return { problems: problems.list };
  const group: GroupRecord = { id: key as RecordId, name: name as string, createdAt: createdAt! };
  if (archivedAt !== undefined) group.archivedAt = archivedAt;
  return { group, problems: [] };
}

/** Every valid group, archived ones included, by id. */
export function readGroups(doc: Y.Doc): Map<RecordId, GroupRecord> {
  const groups = new Map<RecordId, GroupRecord>();
  groupsOf(doc).forEach((value, key) => {
    const { group } = inspectGroup(key, value);
    if (group) groups.set(group.id, group);
  });
  return groups;
}

/** Ids of the valid groups that are not archived: the ones a member, goal or meeting can belong to. */
export function liveGroupIds(doc: Y.Doc): Set<RecordId> {
  const ids = new Set<RecordId>();
  for (const group of readGroups(doc).values()) if (group.archivedAt === undefined) ids.add(group.id);
  return ids;
}

/** A live group by id (valid and not archived). */
export function isLiveGroup(doc: Y.Doc, id: RecordId): boolean {
  const { group } = inspectGroup(id, groupsOf(doc).get(id));
  return group !== undefined && group.archivedAt === undefined;
}
