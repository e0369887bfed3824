/**
 * The meeting of a scheduled day, openable on any phone offline.
 *
 * At a weekly meeting the school's Wi-Fi may be down. If each teacher's phone created "today's
 * meeting" with a random id, the community would get one meeting per phone. If they used one agreed
 * id but each built the record with its own client, Yjs would keep one phone's map under that key and
 * drop the others' with every attendance mark and every word of minutes typed into them.
 *
 * So the record of a scheduled day has an id derived from the day (and group), and is built alone, in
 * an empty document, by a client id derived from its whole content (deterministicWrite.ts,
 * `keyedClientId`). Phones that open the same day with the same schedule therefore make byte-identical
 * items: merging them is a no-op, and whatever each phone writes afterwards (her attendance, the
 * minutes) lands in the same maps and texts. Nothing in the record depends on the phone or the clock:
 * `createdAt` is midnight UTC of the day and `createdBy` is null.
 *
 * Residual case: two phones holding different schedules (one has not yet received a change of place
 * or time) make different contents, hence different client ids, and one record wins the key as usual.
 */
import * as Y from 'yjs';
import type { RecordId } from '../ids';
import { DomainError } from '../personal/DomainError';
import { keyedClientId } from '../personal/deterministicWrite';
import { isIsoDate, isoDateToUtcMs } from '../personal/isoDate';
import { meetingsOf, newMeetingRecord } from './meetings';
import { getSchedule } from './schedule';
import { CommunityRoot } from './schema';

/** Names what openScheduledMeeting writes; bump it whenever that content or its order changes. */
export const SCHEDULED_MEETING_TAG = 'sejawat/community/scheduled-meeting@1';

/** Transaction origin of the write, for observers that want to tell it apart. */
export const SCHEDULED_MEETING_ORIGIN = 'sejawat:scheduled-meeting';

/** The id of the meeting of a scheduled day: `s-YYYY-MM-DD`, or `s-YYYY-MM-DD-<groupId>` for a group. */
export function scheduledMeetingId(date: string, groupId: RecordId | null): RecordId {
  return (groupId === null ? `s-${date}` : `s-${date}-${groupId}`) as RecordId;
}

/**
 * Returns the id of the meeting of `date` for the schedule's group (the whole community when there is
 * no schedule), creating it when it does not exist yet, with the schedule's time and place (`''`
 * without a schedule). Any day is accepted, not only a scheduled one (a meeting moved to Thursday).
 * Throws 'invalid-date'.
 */
export function openScheduledMeeting(doc: Y.Doc, date: string): RecordId {
  if (!isIsoDate(date)) throw new DomainError('invalid-date', `not a YYYY-MM-DD date: ${String(date)}`);
  const schedule = getSchedule(doc);
  const groupId = schedule?.groupId ?? null;
  const id = scheduledMeetingId(date, groupId);
  if (meetingsOf(doc).has(id)) return id;
  const content = {
    id,
    date,
    time: schedule?.time ?? '',
    place: schedule?.place ?? '',
    groupId,
    createdAt: isoDateToUtcMs(date)!,
    createdBy: null,
  };
  const writers = Y.decodeStateVector(Y.encodeStateVector(doc));
  const scratch = new Y.Doc({ gc: doc.gc });
  try {
    scratch.clientID = keyedClientId(SCHEDULED_MEETING_TAG, JSON.stringify(content), (client) => writers.has(client));
    // Alone in an empty document, the record's items are the same as in the real one: its key has
    // no earlier value there either (checked above), and this client has not written there yet.
    scratch.getMap<unknown>(CommunityRoot.MEETINGS).set(id, newMeetingRecord(content));
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(scratch), SCHEDULED_MEETING_ORIGIN);
  } finally {
    scratch.destroy();
  }
  return id;
}
