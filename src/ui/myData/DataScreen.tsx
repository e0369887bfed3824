import { useEffect, useMemo, useState } from 'preact/hooks';
import { renderSVG } from 'uqr';
import { referencedHashes } from '../../domain';
import type { DocName } from '../../domain/ids';
import { formatTime, t, type MessageKey } from '../../i18n';
import { blobState, BlobState, outboxSummary } from '../../store/blobs';
import { SettingName, writeSetting } from '../../store/settings';
import { rupiahFor, usageMeterFor } from '../../store/usage';
import { makeBackup, readBackup, restoreBackup } from '../../sync/backup';
import { loadDataSaver, saveDataSaver, type DataSaverSettings } from '../../sync/dataSaver';
import { makeDeviceLink } from '../../sync/deviceLink';
import type { DocSync } from '../../sync/DocSync';
import { dataSaverOn } from '../../sync/networkPolicy';
import { encodeRecoveryCode } from '../../sync/recoveryCode';
import { SyncState } from '../../sync/SyncState';
import { useWorkspace, type Workspace } from '../app/workspace';
import { saveFile, shareableFile } from './saveFile';

const MB = 1024 * 1024;
/** Warn before the browser's quota runs out. */
const LOW_SPACE_BYTES = 100 * MB;
const LOW_SPACE_SHARE = 0.9;

/** Megabytes as she reads them (id-ID: a comma before the decimals); small amounts keep 3 decimals. */
const mb = (bytes: number) => (bytes / MB).toLocaleString('id-ID', { maximumFractionDigits: bytes > 0 && bytes < MB / 10 ? 3 : 1 });

/** "Data saya": where her data is, Hemat kuota, the recovery code, backup and restore. */
export default function DataScreen() {
  const workspace = useWorkspace();
  return (
    <main class="screen data-screen">
      <a href="#/" class="back">← {t('nav.back')}</a>
      <h1>{t('data.title')}</h1>
      <p>{t('data.intro')}</p>
      <WhereIsMyData workspace={workspace} />
      <Storage />
      <DataSaver workspace={workspace} />
      <RecoveryCode workspace={workspace} />
      <Backup workspace={workspace} />
    </main>
  );
}

interface DocRow {
  doc: DocName;
  label: string;
  sync: DocSync;
}

/** Per document: on this phone only / waiting to send / safe on the server, with its last sync. */
function WhereIsMyData({ workspace }: { workspace: Workspace }) {
  const [rows, setRows] = useState<DocRow[]>([{ doc: workspace.personal.name, label: t('data.personal'), sync: workspace.personal.sync }]);
  const [lastSynced, setLastSynced] = useState<Map<DocName, number | undefined>>(new Map());
  const [tick, setTick] = useState(0);

  useEffect(() => {
    let live = true;
    void (async () => {
      const communities: DocRow[] = [];
      for (const membership of workspace.communities.memberships()) {
        if (membership.leftAt !== undefined) continue;
        try {
          const space = await workspace.communities.open(membership.doc);
          communities.push({ doc: membership.doc, label: t('data.community', { name: membership.name || t('data.unnamed') }), sync: space.sync });
        } catch {
          // a community that cannot open here is listed by the communities screen
        }
      }
      if (live) setRows((current) => [current[0]!, ...communities]);
    })();
    return () => {
      live = false;
    };
  }, [workspace]);

  useEffect(() => {
    const offs = rows.map((row) => row.sync.onChange(() => setTick((n) => n + 1)));
    return () => offs.forEach((off) => off());
  }, [rows]);

  useEffect(() => {
    void workspace.db.rooms.bulkGet(rows.map((r) => r.doc)).then((records) => {
      setLastSynced(new Map(rows.map((row, i) => [row.doc, records[i]?.lastSyncedAt])));
    });
  }, [rows, tick, workspace.db]);

  return (
    <section aria-labelledby="where-title">
      <h2 id="where-title">{t('data.where')}</h2>
      <ul class="data-docs">
        {rows.map((row) => (
          <DocLine key={row.doc} row={row} lastSyncedAt={lastSynced.get(row.doc)} workspace={workspace} tick={tick} />
        ))}
      </ul>
    </section>
  );
}

function docStateKey(state: SyncState, lastSyncedAt: number | undefined): MessageKey {
  if (state === SyncState.SYNCED) return 'data.state.server';
  if (state === SyncState.REFUSED) return 'data.state.refused';
  if (state === SyncState.SENDING || lastSyncedAt !== undefined) return 'data.state.waiting';
  return 'data.state.phone';
}

function DocLine({ row, lastSyncedAt, workspace, tick }: { row: DocRow; lastSyncedAt: number | undefined; workspace: Workspace; tick: number }) {
  const state = docStateKey(row.sync.state, lastSyncedAt);
  const [attachments, setAttachments] = useState<Array<{ hash: string; state: BlobState }>>([]);
  useEffect(() => {
    const doc = row.doc === workspace.personal.name ? workspace.personal.local.doc : undefined;
    void (async () => {
      const ydoc = doc ?? (await workspace.communities.open(row.doc)).local.doc;
      const hashes = [...referencedHashes(ydoc)];
      setAttachments(await Promise.all(hashes.map(async (hash) => ({ hash, state: await blobState(workspace.db, hash, row.doc) }))));
    })();
  }, [row, tick, workspace]);
  const count = (s: BlobState) => attachments.filter((a) => a.state === s).length;
  const label = (s: BlobState): string =>
    t(s === BlobState.ON_SERVER ? 'data.state.server' : s === BlobState.WAITING ? 'data.state.waiting' : 'data.state.phone');
  return (
    <li class="data-doc">
      <strong>{row.label}</strong>
      <span class={`data-state data-state-${state.split('.').pop()}`} role="status">{t(state)}</span>
      <span class="hint">{lastSyncedAt !== undefined ? t('data.lastSync', { time: formatTime(lastSyncedAt) }) : t('data.neverSynced')}</span>
      {attachments.length > 0 && (
        <details>
          <summary>
            {t('data.attachments', { server: count(BlobState.ON_SERVER), waiting: count(BlobState.WAITING), phone: count(BlobState.ON_PHONE) })}
          </summary>
          <ul>
            {attachments.map((a) => (
              <li key={a.hash}>
                <code>{a.hash.slice(0, 8)}</code> — {label(a.state)}
              </li>
            ))}
          </ul>
        </details>
      )}
    </li>
  );
}

/** `navigator.storage.estimate()` and whether the browser promised to keep it. */
function Storage() {
  const [estimate, setEstimate] = useState<{ usage: number; quota: number; persisted: boolean } | undefined | null>(undefined);
  useEffect(() => {
    const storage = navigator.storage;
    if (!storage?.estimate) return setEstimate(null);
    void Promise.all([storage.estimate(), storage.persisted?.() ?? Promise.resolve(false)]).then(([e, persisted]) =>
      setEstimate({ usage: e.usage ?? 0, quota: e.quota ?? 0, persisted }),
    );
  }, []);
  if (estimate === undefined) return null;
  const low = estimate !== null && estimate.quota > 0 && (estimate.quota - estimate.usage < LOW_SPACE_BYTES || estimate.usage / estimate.quota > LOW_SPACE_SHARE);
  return (
    <section aria-labelledby="storage-title">
      <h2 id="storage-title">{t('data.storage')}</h2>
      {estimate === null ? (
        <p>{t('data.storageUnknown')}</p>
      ) : (
        <>
          <p>{t('data.storageUsed', { used: `${mb(estimate.usage)} MB`, quota: `${mb(estimate.quota)} MB` })}</p>
          {low && <p class="warning" role="alert">{t('data.storageLow', { free: `${mb(Math.max(0, estimate.quota - estimate.usage))} MB` })}</p>}
          <p class={estimate.persisted ? 'hint' : 'warning'}>{t(estimate.persisted ? 'data.persisted' : 'data.notPersisted')}</p>
        </>
      )}
    </section>
  );
}

/** Hemat kuota, wait for Wi-Fi, her price per GB, and what sync used this month. */
function DataSaver({ workspace }: { workspace: Workspace }) {
  const [settings, setSettings] = useState<DataSaverSettings | undefined>();
  const [usage, setUsage] = useState<{ used: number; waiting: number } | undefined>();
  useEffect(() => {
    void loadDataSaver(workspace.db).then(setSettings);
    void (async () => {
      const month = await usageMeterFor(workspace.db).thisMonth();
      const waiting = (await outboxSummary(workspace.db)).reduce((n, s) => n + s.bytes, 0);
      setUsage({ used: month.sentBytes + month.receivedBytes, waiting });
    })();
  }, [workspace]);
  if (!settings) return null;
  const change = (next: Partial<DataSaverSettings>) => void saveDataSaver(workspace.db, next).then(setSettings);
  return (
    <section aria-labelledby="saver-title">
      <h2 id="saver-title">{t('data.saver')}</h2>
      <label class="check">
        <input type="checkbox" checked={dataSaverOn(settings)} onChange={(e) => change({ dataSaver: e.currentTarget.checked })} />
        {t('data.saverOn')}
      </label>
      <p class="hint">{t('data.saverDefault')}</p>
      <label class="check">
        <input type="checkbox" checked={settings.waitForWifi === true} onChange={(e) => change({ waitForWifi: e.currentTarget.checked })} />
        {t('data.waitForWifi')}
      </label>
      <div class="field">
        <label for="price-per-gb">{t('data.price')}</label>
        <input
          id="price-per-gb"
          type="number"
          inputMode="numeric"
          min={0}
          step={500}
          value={settings.pricePerGb}
          onChange={(e) => change({ pricePerGb: Number(e.currentTarget.value) })}
        />
      </div>
      {usage && (
        <>
          <p>{t('data.usedThisMonth', { mb: mb(usage.used), rupiah: rupiahFor(usage.used, settings.pricePerGb).toLocaleString('id-ID') })}</p>
          <p>{t('data.waitingBytes', { mb: mb(usage.waiting), rupiah: rupiahFor(usage.waiting, settings.pricePerGb).toLocaleString('id-ID') })}</p>
        </>
      )}
    </section>
  );
}

/** The recovery code: the same secret as the "connect another phone" link, printable. */
function RecoveryCode({ workspace }: { workspace: Workspace }) {
  const { identity } = workspace.personal;
  const [shown, setShown] = useState(window.location.hash.includes('recovery'));
  const [copied, setCopied] = useState(false);
  const code = useMemo(() => encodeRecoveryCode(identity.doc, identity.key), [identity]);
  const qr = useMemo(
    () => (shown ? renderSVG(makeDeviceLink(`${window.location.origin}${window.location.pathname}`, identity.doc, identity.key), { ecc: 'M', border: 2 }) : ''),
    [shown, identity],
  );
  useEffect(() => {
    if (shown) void writeSetting(workspace.db, SettingName.RECOVERY_CODE_OFFERED, true);
  }, [shown, workspace.db]);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(code);
      setCopied(true);
    } catch {
      // clipboard refused: the code stays selectable
    }
  };
  return (
    <section aria-labelledby="recovery-title" id="recovery">
      <h2 id="recovery-title">{t('data.recovery')}</h2>
      <p>{t('data.recoveryIntro')}</p>
      {shown ? (
        <div class="recovery-code">
          <p class="warning">{t('data.recoveryWarning')}</p>
          <label for="recovery-code">{t('data.recoveryCodeLabel')}</label>
          <output id="recovery-code" class="code" aria-label={t('data.recoveryCodeLabel')}>{code}</output>
          <div class="qr" role="img" aria-label={t('data.recoveryQr')} dangerouslySetInnerHTML={{ __html: qr }} />
          <button type="button" onClick={() => void copy()}>{copied ? t('data.copied') : t('data.copy')}</button>
          <button type="button" onClick={() => window.print()}>{t('data.print')}</button>
        </div>
      ) : (
        <button type="button" class="primary" onClick={() => setShown(true)}>{t('data.recoveryShow')}</button>
      )}
    </section>
  );
}

/** One file with everything; shared by the system share sheet where it can, else downloaded. */
function Backup({ workspace }: { workspace: Workspace }) {
  const [message, setMessage] = useState<{ text: string; error: boolean } | undefined>();
  const [busy, setBusy] = useState(false);
  /** The backup is another personal journal's: she may switch this phone to it (the device-link path). */
  const [otherJournal, setOtherJournal] = useState<string | undefined>();
  const canShare = useMemo(() => typeof navigator.canShare === 'function' && navigator.canShare({ files: [shareableFile(new Uint8Array(1))] }), []);

  const make = async (share: boolean) => {
    setBusy(true);
    setMessage(undefined);
    try {
      const { file, summary } = await makeBackup(workspace);
      await saveFile(file, share);
      setMessage({ text: t('data.backupMade', { documents: summary.documents, attachments: summary.attachments, mb: mb(summary.bytes) }), error: false });
    } catch (error) {
      if ((error as { name?: string }).name === 'AbortError') return; // she closed the share sheet
      console.error('[sejawat:data] backup failed', error);
      setMessage({ text: t('data.failed'), error: true });
    } finally {
      setBusy(false);
    }
  };

  const restore = async (input: HTMLInputElement) => {
    const file = input.files?.[0];
    if (!file) return;
    setBusy(true);
    setMessage(undefined);
    try {
      const read = await readBackup(new Uint8Array(await file.arrayBuffer()));
      const result = read.ok ? await restoreBackup(workspace, read.contents) : read;
      setOtherJournal(undefined);
      if (!result.ok && result.problem === 'other-journal' && read.ok) {
        const { personal, rooms } = read.contents;
        const key = rooms.find((r) => r.doc === personal)!.key;
        setOtherJournal(`#/link?d=${encodeURIComponent(personal)}&k=${encodeURIComponent(key)}`);
      }
      if (result.ok) setMessage({ text: t('data.restored', { documents: result.summary.documents, attachments: result.summary.attachments }), error: false });
      else setMessage({ text: t(`backup.${result.problem}`), error: true });
    } catch (error) {
      console.error('[sejawat:data] restore failed', error);
      setMessage({ text: t('data.failed'), error: true });
    } finally {
      setBusy(false);
      input.value = '';
    }
  };

  return (
    <section aria-labelledby="backup-title">
      <h2 id="backup-title">{t('data.backup')}</h2>
      <p>{t('data.backupIntro')}</p>
      <p class="warning">{t('data.backupWarning')}</p>
      <div class="actions">
        {canShare && (
          <button type="button" class="primary" disabled={busy} onClick={() => void make(true)}>{t('data.backupShare')}</button>
        )}
        <button type="button" class={canShare ? '' : 'primary'} disabled={busy} onClick={() => void make(false)}>{t('data.backupDownload')}</button>
      </div>
      <div class="field">
        <label for="restore-file">{t('data.restoreLabel')}</label>
        <input id="restore-file" type="file" disabled={busy} onChange={(e) => void restore(e.currentTarget)} />
      </div>
      {busy && <p role="status">{t('data.working')}</p>}
      {message && <p role={message.error ? 'alert' : 'status'} class={message.error ? 'error' : 'ok'}>{message.text}</p>}
      {otherJournal && (
        <p>
          <a href={otherJournal} class="button">{t('data.useOtherJournal')}</a>
          <span class="hint">{t('data.useOtherJournalHint')}</span>
        </p>
      )}
    </section>
  );
}
