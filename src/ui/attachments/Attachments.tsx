import { liveQuery } from 'dexie';
import { useEffect, useRef, useState } from 'preact/hooks';
import { addAttachment, isImageType, listAttachments, removeAttachment, type AttachmentRef, type AttachmentTarget } from '../../domain/attachments';
import type { RecordId } from '../../domain/ids';
import { getLocale, t } from '../../i18n';
import { blobState, enqueueUpload, putLocalBlob, type BlobState } from '../../store/blobs';
import { appNetworkPolicy } from '../../sync/networkPolicy';
import { loadAttachment } from '../../sync/downloads';
import type { SyncedDoc } from '../../sync/SyncedDoc';
import { SyncState } from '../../sync/SyncState';
import { useWorkspace } from '../app/workspace';
import { useDocValue } from '../common/useDocValue';
import { canRecordVoice, formatBytes, recordVoice, resizePhoto, type VoiceRecording } from './media';

interface Props {
  /** The document (room) the record lives in; attachments are uploaded for this room only. */
  space: SyncedDoc;
  target: AttachmentTarget;
  recordId: RecordId;
  /** Member id (community) or her own id (personal). */
  addedBy: string;
  readOnly?: boolean;
}

/**
 * Photos and voice notes on one record: add a photo (camera or gallery), record a voice note, and
 * see each one with where it is (*di HP saja*, *menunggu dikirim*, *aman di server*). Photos from
 * others load when they come into view, or only on a tap under data saver.
 */
export function Attachments({ space, target, recordId, addedBy, readOnly = false }: Props) {
  const { db, outbox } = useWorkspace();
  const doc = space.local.doc;
  const refs = useDocValue(doc, (d) => listAttachments(d, target, recordId), [target, recordId]);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | undefined>(undefined);
  const [recording, setRecording] = useState<VoiceRecording | undefined>(undefined);

  // The relay accepts a photo only once the document mentioning it arrived: try again then.
  useEffect(() => space.sync.onChange((state) => state === SyncState.SYNCED && outbox.kick(space.name)), [space, outbox]);

  const keep = async (bytes: Blob, facts: { width?: number; height?: number; durationMs?: number }) => {
    const record = await putLocalBlob(db, bytes);
    addAttachment(doc, target, recordId, { hash: record.hash, type: record.type as AttachmentRef['type'], size: record.size, ...facts, addedBy, addedAt: Date.now() });
    await enqueueUpload(db, record.hash, space.name);
    outbox.kick(space.name);
  };

  const addPhoto = async (input: HTMLInputElement) => {
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    setBusy(true);
    setProblem(undefined);
    try {
      performance.mark('sejawat:photo-resize:start');
      const photo = await resizePhoto(file);
      // User Timing, read by tests/e2e/attachments.test.ts (SEJAWAT_MEASURE=1) and DevTools.
      performance.measure('sejawat:photo-resize', 'sejawat:photo-resize:start');
      await keep(photo.blob, { width: photo.width, height: photo.height });
    } catch (error) {
      console.warn('[sejawat:attachments] could not add the photo', error);
      setProblem(t('attach.photoFailed'));
    } finally {
      setBusy(false);
    }
  };

  const toggleVoice = async () => {
    if (recording) {
      recording.stop();
      return;
    }
    setProblem(undefined);
    try {
      const started = await recordVoice();
      setRecording(started);
      const { blob, durationMs } = await started.done;
      setRecording(undefined);
      if (blob.size > 0) await keep(blob, { durationMs });
    } catch (error) {
      console.warn('[sejawat:attachments] could not record', error);
      setRecording(undefined);
      setProblem(t('attach.voiceFailed'));
    }
  };

  return (
    <section class="attachments" aria-label={t('attach.title')}>
      <h2>{t('attach.title')}</h2>
      {refs.length === 0 && <p class="empty">{t('attach.none')}</p>}
      <ul class="attachment-list">
        {refs.map((ref, index) => (
          <AttachmentItem key={ref.hash} space={space} attachment={ref} n={index + 1}
            onRemove={readOnly ? undefined : () => removeAttachment(doc, target, recordId, ref.hash)} />
        ))}
      </ul>
      {!readOnly && (
        <div class="attachment-actions">
          <label class={`button${busy ? ' busy' : ''}`}>
            {busy ? t('attach.preparing') : t('attach.addPhoto')}
            <input type="file" accept="image/*" capture="environment" class="sr-only" disabled={busy}
              onChange={(e) => void addPhoto(e.currentTarget)} />
          </label>
          {canRecordVoice() && (
            <button type="button" aria-pressed={recording !== undefined} onClick={() => void toggleVoice()}>
              {recording ? t('attach.stopVoice') : t('attach.recordVoice')}
            </button>
          )}
        </div>
      )}
      {recording && <p role="status">{t('attach.recording')}</p>}
      {problem && <p role="alert">{problem}</p>}
    </section>
  );
}

type Shown =
  | { kind: 'checking' }
  | { kind: 'shown'; url: string; origin: 'local' | 'remote' }
  | { kind: 'tap' }
  | { kind: 'loading' }
  | { kind: 'unavailable' };

function AttachmentItem({ space, attachment, n, onRemove }: { space: SyncedDoc; attachment: AttachmentRef; n: number; onRemove: (() => void) | undefined }) {
  const { db, relayUrl, outbox } = useWorkspace();
  const [shown, setShown] = useState<Shown>({ kind: 'checking' });
  const [state, setState] = useState<BlobState | undefined>(undefined);
  const element = useRef<HTMLLIElement>(null);
  const image = isImageType(attachment.type);

  const retry = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(retry.current), []);
  /**
   * A colleague's document can arrive before her upload finished (404) or the network can drop:
   * try again a few times, 2 s, 4 s, 8 s… apart, while the attachment is on screen.
   */
  const download = async (attempt = 0) => {
    clearTimeout(retry.current);
    setShown({ kind: 'loading' });
    const result = await loadAttachment(db, relayUrl, attachment.hash, space.name, outbox.meter);
    if (result.ok) return setShown({ kind: 'shown', url: URL.createObjectURL(result.record.bytes), origin: result.record.origin });
    setShown({ kind: 'unavailable' });
    if (attempt < 5 && result.reason !== 'wrong-key') retry.current = setTimeout(() => void download(attempt + 1), 2_000 * 2 ** attempt);
  };

  // On the phone already: show it. Else download when it comes into view, or wait for a tap.
  useEffect(() => {
    let cancelled = false;
    let observer: IntersectionObserver | undefined;
    void db.blobs.get(attachment.hash).then((record) => {
      if (cancelled) return;
      if (record) return setShown({ kind: 'shown', url: URL.createObjectURL(record.bytes), origin: record.origin });
      if (appNetworkPolicy().downloadAttachmentsOnDemand() || typeof IntersectionObserver === 'undefined' || !element.current) return setShown({ kind: 'tap' });
      setShown({ kind: 'tap' });
      observer = new IntersectionObserver((entries) => {
        if (entries.some((e) => e.isIntersecting)) {
          observer?.disconnect();
          if (!cancelled) void download();
        }
      });
      observer.observe(element.current);
    });
    return () => {
      cancelled = true;
      observer?.disconnect();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [attachment.hash, space.name]);

  useEffect(() => () => {
    if (shown.kind === 'shown') URL.revokeObjectURL(shown.url);
  }, [shown]);

  useEffect(() => {
    const subscription = liveQuery(() => blobState(db, attachment.hash, space.name)).subscribe({ next: setState, error: () => setState(undefined) });
    return () => subscription.unsubscribe();
  }, [db, attachment.hash, space.name]);

  const name = image ? t('attach.photo', { n }) : t('attach.voice', { n });
  const size = formatBytes(attachment.size, getLocale());
  return (
    <li ref={element} class="attachment">
      {shown.kind === 'shown' && image && (
        <img src={shown.url} alt={attachment.caption ?? name} width={attachment.width} height={attachment.height} loading="lazy" />
      )}
      {shown.kind === 'shown' && !image && <audio controls src={shown.url} aria-label={name} />}
      {(shown.kind === 'tap' || shown.kind === 'unavailable') && (
        <button type="button" class="attachment-placeholder" onClick={() => void download()}>
          {shown.kind === 'unavailable' ? t('attach.unavailable') : image ? t('attach.tapToLoadPhoto', { size }) : t('attach.tapToLoadVoice', { size })}
        </button>
      )}
      {(shown.kind === 'loading' || shown.kind === 'checking') && <p class="attachment-placeholder" role="status">{t('attach.loading')}</p>}
      <p class="attachment-facts">
        {name}
        {attachment.durationMs !== undefined && ` · ${Math.round(attachment.durationMs / 1000)} ${t('attach.seconds')}`}
        {/* Where it is matters for what she made here; others' attachments came from the server. */}
        {shown.kind === 'shown' && shown.origin === 'local' && state && <> · <span class={`attachment-state ${state}`}>{t(`attach.state.${state}`)}</span></>}
      </p>
      {onRemove && (
        <button type="button" class="link" onClick={onRemove} aria-label={t('attach.remove', { name })}>
          {t('attach.removeShort')}
        </button>
      )}
    </li>
  );
}
