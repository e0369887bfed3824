import {
  addCommunityMembership,
  addMember,
  createCommunity,
  getCommunityInfo,
  getCommunityMembership,
  getProfileName,
  initCommunityDoc,
  initHistoryDoc,
  leaveCommunity,
  listCommunityMemberships,
  markCommunityLeft,
  setCommunityMembershipName,
  updateCommunityKey,
  type CommunityKind,
  type CommunityMembership,
} from '../domain';
import { DocKind, historyDocOf, newDocName, newRecordId, newRoomKey, randomToken, type DocName, type RecordId, type RoomKey } from '../domain/ids';
import type { SejawatDb } from '../store/db';
import { rememberRoom } from '../store/rooms';
import type { PersonalSpace } from './PersonalSpace';
import { registerAdmin, registerMember, redeemInvite, rekey, rotateKey, type ApiResult } from './relayApi';
import { SyncState } from './SyncState';
import type { TextHistory } from './TextHistory';
import { openSyncedDoc, type SyncedDoc } from './SyncedDoc';

/** A community document open on this phone, with her membership in it. */
export interface CommunitySpace extends SyncedDoc {
  /** Her member id in this community. */
  me: RecordId;
  membership(): CommunityMembership | undefined;
  /** Versions of its shared texts, in the companion history document (opened on first use). */
  history: TextHistory;
}

export interface NewCommunity {
  name: string;
  kind: CommunityKind;
  focus: string;
  schools: string[];
}

/** How long a rotation waits for the facilitator's last edits to be confirmed stored. */
const ROTATION_CONFIRM_MS = 5_000;

/**
 * Her communities: created offline, joined with a code or a link, opened on demand, and kept
 * reachable when the facilitator rotates the key. The keys live in her personal document
 * (`communities`), so her second phone knows them too; the device's Dexie `rooms` table mirrors
 * them for the sync layer.
 */
export class Communities {
  private readonly opened = new Map<DocName, Promise<CommunitySpace>>();
  private readonly histories = new Map<DocName, Promise<SyncedDoc>>();

  constructor(
    private readonly db: SejawatDb,
    private readonly personal: PersonalSpace,
    private readonly relayUrl: string,
  ) {}

  memberships(): CommunityMembership[] {
    return listCommunityMemberships(this.personal.local.doc);
  }

  open(doc: DocName): Promise<CommunitySpace> {
    let space = this.opened.get(doc);
    if (!space) {
      space = this.openNow(doc);
      space.catch(() => this.opened.delete(doc));
      this.opened.set(doc, space);
    }
    return space;
  }

  /** Makes a community on this phone with no network; it reaches the relay on the next Wi-Fi. */
  async create(input: NewCommunity): Promise<DocName> {
    const doc = newDocName(DocKind.COMMUNITY);
    const key = newRoomKey();
    const memberId = newRecordId();
    addCommunityMembership(this.personal.local.doc, {
      doc,
      key,
      memberId,
      memberSecret: randomToken(16),
      adminKey: newRoomKey(),
      name: input.name.trim(),
      joinedAt: Date.now(),
    });
    await rememberRoom(this.db, { doc, key, kind: 'community' });
    const space = await this.open(doc);
    createCommunity(space.local.doc, {
      ...input,
      founder: { id: memberId, name: getProfileName(this.personal.local.doc) ?? '' },
      now: Date.now(),
    });
    return doc;
  }

  /** Redeems a short code at the relay (the one step that needs the network), then joins. */
  async joinWithCode(code: string): Promise<ApiResult<DocName>> {
    const redeemed = await redeemInvite(this.relayUrl, code);
    if (!redeemed.ok) return redeemed;
    return { ok: true, value: await this.join(redeemed.value.doc, redeemed.value.key) };
  }

  /** Joins with a community's name and key (from a code or an invite link). */
  async join(doc: DocName, key: RoomKey): Promise<DocName> {
    const personalDoc = this.personal.local.doc;
    const existing = getCommunityMembership(personalDoc, doc);
    // Re-joining keeps her member id and secret, so the community reactivates her old record.
    addCommunityMembership(personalDoc, {
      doc,
      key,
      memberId: existing?.memberId ?? newRecordId(),
      memberSecret: existing?.memberSecret ?? randomToken(16),
      ...(existing?.adminKey ? { adminKey: existing.adminKey } : {}),
      name: existing?.name ?? '',
      joinedAt: existing?.joinedAt ?? Date.now(),
    });
    if (existing && existing.key !== key) updateCommunityKey(personalDoc, doc, key);
    await rememberRoom(this.db, { doc, key, kind: 'community' });
    const space = await this.open(doc);
    const membership = space.membership()!;
    addMember(space.local.doc, {
      id: membership.memberId,
      name: getProfileName(personalDoc) ?? '',
      now: Date.now(),
    });
    return doc;
  }

  /**
   * The facilitator replaces the member key: members she keeps get the new key from the relay
   * when they next connect (their member secret proves who they are); removed members and
   * anyone holding only the old key are refused.
   */
  async rotate(doc: DocName, keepMembers: RecordId[]): Promise<ApiResult<void>> {
    const membership = getCommunityMembership(this.personal.local.doc, doc);
    if (!membership?.adminKey) return { ok: false, reason: 'not-admin' };
    // The rotation closes every socket of the room: her edits (e.g. marking the member removed,
    // which is how that member's phone learns it) must be stored at the relay first. If they
    // cannot be confirmed in time, rotate anyway: shutting out a lost phone matters more.
    await (await this.open(doc)).sync.confirmNow(ROTATION_CONFIRM_MS);
    const newKey = newRoomKey();
    const result = await rotateKey(this.relayUrl, doc, membership.adminKey, newKey, keepMembers);
    if (!result.ok) return result;
    await this.adoptKey(doc, newKey);
    (await this.open(doc)).sync.useKey(newKey);
    return { ok: true, value: undefined };
  }

  /** She leaves: her record stays in the community (attribution), her list no longer shows it. */
  async leave(doc: DocName): Promise<void> {
    const space = await this.open(doc);
    leaveCommunity(space.local.doc, space.me, Date.now()); // throws 'last-facilitator' when she must stay
    markCommunityLeft(this.personal.local.doc, doc, Date.now());
  }

  async closeAll(): Promise<void> {
    const spaces = await Promise.allSettled(this.opened.values());
    this.opened.clear();
    for (const s of spaces) if (s.status === 'fulfilled') s.value.history.dispose();
    const histories = await Promise.allSettled(this.histories.values());
    this.histories.clear();
    await Promise.all([...spaces, ...histories].map((s) => (s.status === 'fulfilled' ? s.value.close() : undefined)));
  }

  /**
   * The history document `h-<id>` of a community (docs/SCHEMA.md, "History document"), opened on
   * first use: same relay, same room key as the community (the relay checks it against the
   * community's), so a key rotation reaches it through the same rekey.
   */
  openHistory(doc: DocName): Promise<SyncedDoc> {
    let opened = this.histories.get(doc);
    if (!opened) {
      opened = this.openHistoryNow(doc);
      opened.catch(() => this.histories.delete(doc));
      this.histories.set(doc, opened);
    }
    return opened;
  }

  private async openHistoryNow(doc: DocName): Promise<SyncedDoc> {
    const membership = getCommunityMembership(this.personal.local.doc, doc);
    if (!membership) throw new Error(`not a member of ${doc}`);
    const name = historyDocOf(doc);
    let key = membership.key;
    await rememberRoom(this.db, { doc: name, key, kind: 'community' });
    return openSyncedDoc(this.db, {
      name,
      key,
      relayUrl: this.relayUrl,
      init: initHistoryDoc,
      onRefused: async () => {
        // Read the rotated key without adopting it: adopting is the community socket's part (its
        // own rekey would otherwise find the key already adopted and stay refused).
        const rotated = (await this.rotatedKeyAtRelay(doc)) ?? getCommunityMembership(this.personal.local.doc, doc)?.key;
        if (!rotated || rotated === key) return undefined;
        key = rotated;
        await rememberRoom(this.db, { doc: name, key, kind: 'community' });
        return key;
      },
    });
  }

  private async openNow(doc: DocName): Promise<CommunitySpace> {
    const membership = getCommunityMembership(this.personal.local.doc, doc);
    if (!membership) throw new Error(`not a member of ${doc}`);
    await rememberRoom(this.db, { doc, key: membership.key, kind: 'community' });
    const opened = await openSyncedDoc(this.db, {
      name: doc,
      key: membership.key,
      relayUrl: this.relayUrl,
      init: initCommunityDoc,
      onRefused: () => this.fetchRotatedKey(doc),
    });
    // Loaded with the first community opened: the journal's first screen does not need it.
    const { TextHistory } = await import('./TextHistory');
    const space: CommunitySpace = Object.assign(opened, {
      me: membership.memberId,
      membership: () => getCommunityMembership(this.personal.local.doc, doc),
      history: new TextHistory(membership.memberId, () => this.openHistory(doc)),
    });
    this.keepNameFresh(space);
    this.registerWhenOnline(space);
    return space;
  }

  private async adoptKey(doc: DocName, key: RoomKey): Promise<void> {
    updateCommunityKey(this.personal.local.doc, doc, key);
    await rememberRoom(this.db, { doc, key, kind: 'community' });
  }

  private async fetchRotatedKey(doc: DocName): Promise<RoomKey | undefined> {
    const membership = getCommunityMembership(this.personal.local.doc, doc);
    const key = await this.rotatedKeyAtRelay(doc);
    if (!membership || !key || key === membership.key) return undefined;
    await this.adoptKey(doc, key);
    return key;
  }

  /** The community's current key as the relay hands it to her (member secret), if it was rotated. */
  private async rotatedKeyAtRelay(doc: DocName): Promise<RoomKey | undefined> {
    const membership = getCommunityMembership(this.personal.local.doc, doc);
    if (!membership) return undefined;
    const result = await rekey(this.relayUrl, doc, membership.memberId, membership.memberSecret);
    return result.ok ? result.value.key : undefined;
  }

  /** Her personal list shows the community's name as the community document says it. */
  private keepNameFresh(space: CommunitySpace): void {
    const update = () => {
      const name = getCommunityInfo(space.local.doc)?.name;
      if (name && name !== space.membership()?.name) setCommunityMembershipName(this.personal.local.doc, space.name, name);
    };
    update();
    space.local.doc.on('afterTransaction', update);
  }

  /**
   * Registers her member secret (and the admin key, for the founder) with the relay, so a later
   * key rotation can reach her. Idempotent at the relay; retried each time the room syncs.
   */
  private registerWhenOnline(space: CommunitySpace): void {
    let done = false;
    const attempt = async () => {
      const m = space.membership();
      if (done || !m || space.sync.state !== SyncState.SYNCED) return;
      const member = await registerMember(this.relayUrl, space.name, m.key, m.memberId, m.memberSecret);
      const admin = m.adminKey ? await registerAdmin(this.relayUrl, space.name, m.key, m.adminKey) : { ok: true };
      done = member.ok && admin.ok;
    };
    space.sync.onChange(() => void attempt());
    space.sync.provider.on('sync', () => void attempt());
    void attempt();
  }
}
