/** Validation of a whole community document against schema v1. Reports; never throws, never writes. */
import * as Y from 'yjs';
import { MetaKey, type SchemaProblem } from '../personal/schema';
import { isLine, isRecordIdLike, isTimestamp, NAME_MAX, PLACE_MAX, sortedKeys } from './fields';
import { inspectGoal } from './goals';
import { inspectGroup } from './groupRecord';
import { inspectMeeting } from './meetings';
import { inspectMember } from './members';
import { inspectNorm, inspectNormAck } from './norms';
import { inspectSchedule } from './schedule';
import { COMMUNITY_KIND, COMMUNITY_SCHEMA_VERSION, CommunityRoot, InfoKey, isCommunityKind } from './schema';

function validateMeta(doc: Y.Doc, problems: SchemaProblem[]): void {
  const meta = doc.getMap<unknown>(CommunityRoot.META);
  const schema = meta.get(MetaKey.SCHEMA);
  if (schema === undefined) problems.push({ path: 'meta.schema', problem: 'missing: an empty or unmigrated document' });
  else if (typeof schema !== 'number' || !Number.isInteger(schema) || schema < 1) problems.push({ path: 'meta.schema', problem: 'not a version number' });
  else if (schema !== COMMUNITY_SCHEMA_VERSION) problems.push({ path: 'meta.schema', problem: `version ${schema}, expected ${COMMUNITY_SCHEMA_VERSION}` });
  if (meta.get(MetaKey.KIND) !== COMMUNITY_KIND) problems.push({ path: 'meta.kind', problem: `not '${COMMUNITY_KIND}'` });
  if (!isTimestamp(meta.get(MetaKey.CREATED_AT))) problems.push({ path: 'meta.createdAt', problem: 'not a timestamp in milliseconds' });
}

function validateInfo(doc: Y.Doc, problems: SchemaProblem[]): void {
  const info = doc.getMap<unknown>(CommunityRoot.INFO);
  const at = (field: string) => `${CommunityRoot.INFO}.${field}`;
  const name = info.get(InfoKey.NAME);
  if (!isLine(name, 1, NAME_MAX)) problems.push({ path: at(InfoKey.NAME), problem: `not a trimmed name of 1 to ${NAME_MAX} characters` });
  if (!isCommunityKind(info.get(InfoKey.KIND))) problems.push({ path: at(InfoKey.KIND), problem: 'not a community kind' });
  if (!(info.get(InfoKey.FOCUS) instanceof Y.Text)) problems.push({ path: at(InfoKey.FOCUS), problem: 'not a Y.Text' });
  const schools = info.get(InfoKey.SCHOOLS);
  if (!(schools instanceof Y.Array)) problems.push({ path: at(InfoKey.SCHOOLS), problem: 'not a Y.Array' });
  else {
    (schools as Y.Array<unknown>).forEach((school, i) => {
      if (!isLine(school, 1, PLACE_MAX)) {
        problems.push({ path: `${at(InfoKey.SCHOOLS)}.${i}`, problem: `not a trimmed name of 1 to ${PLACE_MAX} characters` });
      }
    });
  }
  if (!isTimestamp(info.get(InfoKey.CREATED_AT))) problems.push({ path: at(InfoKey.CREATED_AT), problem: 'not a timestamp in milliseconds' });
  if (!isRecordIdLike(info.get(InfoKey.CREATED_BY))) problems.push({ path: at(InfoKey.CREATED_BY), problem: 'not a member id' });
}

function validateRecords(
  doc: Y.Doc,
  root: string,
  inspect: (key: string, value: unknown) => { problems: SchemaProblem[] } | SchemaProblem[],
  problems: SchemaProblem[],
): void {
  const map = doc.getMap<unknown>(root);
  for (const key of sortedKeys(map)) {
    const result = inspect(key, map.get(key));
    problems.push(...(Array.isArray(result) ? result : result.problems));
  }
}

/**
 * Every problem that keeps `doc` from being a valid v1 community document, `[]` when it is valid.
 * Paths name the record: `members.<id>.role`, `meetings.<id>.attendance.<memberId>`. Unknown keys and
 * top-level types are tolerated (forward compatibility). Dangling references (a member in an archived
 * group, a goal of a group that is gone) are not problems: readers resolve them.
 */
export function validateCommunityDoc(doc: Y.Doc): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  validateMeta(doc, problems);
  validateInfo(doc, problems);
  validateRecords(doc, CommunityRoot.MEMBERS, inspectMember, problems);
  validateRecords(doc, CommunityRoot.GROUPS, inspectGroup, problems);
  validateRecords(doc, CommunityRoot.GOALS, inspectGoal, problems);
  validateRecords(doc, CommunityRoot.NORMS, inspectNorm, problems);
  validateRecords(doc, CommunityRoot.NORM_ACKS, inspectNormAck, problems);
  problems.push(...inspectSchedule(doc));
  validateRecords(doc, CommunityRoot.MEETINGS, inspectMeeting, problems);
  return problems;
}

/** True when validateCommunityDoc finds nothing. */
export function isValidCommunityDoc(doc: Y.Doc): boolean {
  return validateCommunityDoc(doc).length === 0;
}
