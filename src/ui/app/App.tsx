import { lazy, Suspense } from 'preact/compat';
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { countJournalEntries, getProfileName, setProfileName } from '../../domain';
import type { RecordId } from '../../domain/ids';
import { isLocale, setLocale, t, useLocale, type Locale } from '../../i18n';
import { deviceDb } from '../../store/db';
import { deviceHadData, forgetDeviceMarker, rememberDeviceHadData } from '../../store/deviceMarker';
import { askPersistentStorageOnce } from '../../store/persistence';
import { usageMeterFor } from '../../store/usage';
import { readSetting, SettingName, writeSetting } from '../../store/settings';
import { applyDataSaver } from '../../sync/dataSaver';
import { parseDeviceLink } from '../../sync/deviceLink';
import { adoptIdentity, createIdentity, loadIdentity, type Identity } from '../../sync/identity';
import { Communities, type CommunitySpace } from '../../sync/Communities';
import { Outbox } from '../../sync/outbox';
import { openPersonalSpace, type PersonalSpace } from '../../sync/PersonalSpace';
import { defaultRelayUrl, isRelayUrl } from '../../sync/relayUrl';
import type { DocSync } from '../../sync/DocSync';
import { SyncStatusPill } from '../common/SyncStatusPill';
import { UpdatePrompt } from '../common/UpdatePrompt';
import { JournalEntryScreen } from '../journal/JournalEntryScreen';
import { JournalList } from '../journal/JournalList';
import { ConfirmReplace } from '../link/ConfirmReplace';
import { Onboarding } from '../onboarding/Onboarding';
import type { RecoverProps } from '../recovery/RecoverScreen';
import { isCommunityRoute, navigate, useRoute, type Route } from './route';
import { WorkspaceContext, type Workspace } from './workspace';

// The communities feature loads on first use, keeping the first screen's JavaScript small.
const CommunityRoutes = lazy(() => import('../community/CommunityRoutes'));
// Her cycle at a glance needs the cycle's domain code, which the journal itself does not.
const MyCycle = lazy(() => import('../common/MyCycle').then((m) => ({ default: m.MyCycle })));
// "Data saya" (where is my data, Hemat kuota, recovery code, backup) is visited rarely.
const DataScreen = lazy(() => import('../myData/DataScreen'));
// Rare screens: the QR encoder (linking a phone) and recovery stay out of the first screen's code.
const LinkDevice = lazy(() => import('../link/LinkDevice').then((m) => ({ default: m.LinkDevice })));
const RecoverScreen = lazy(() => import('../recovery/RecoverScreen').then((m) => ({ default: m.RecoverScreen })));

function Loading() {
  return <main class="screen"><p role="status">{t('app.loading')}</p></main>;
}

type Phase =
  | { kind: 'loading' }
  | { kind: 'onboarding' }
  /** No journal on this phone: recover it (code or backup file). `wiped`: the phone had one. */
  | { kind: 'recover'; wiped: boolean }
  | { kind: 'ready'; workspace: Workspace }
  | { kind: 'confirm-link'; workspace: Workspace; target: Identity; currentName: string }
  | { kind: 'bad-link' }
  | { kind: 'error'; message: string };

const db = deviceDb();

async function relayUrl(): Promise<string> {
  return (await readSetting(db, SettingName.RELAY_URL, isRelayUrl)) ?? defaultRelayUrl(window.location);
}

export function App() {
  useLocale(); // re-render every screen when the language changes
  const route = useRoute();
  const [phase, setPhase] = useState<Phase>({ kind: 'loading' });
  const spaceRef = useRef<Workspace | undefined>(undefined);
  const [communitySpace, setCommunitySpace] = useState<CommunitySpace | undefined>(undefined);

  const open = useCallback(async (identity: Identity): Promise<Workspace> => {
    if (spaceRef.current) {
      spaceRef.current.outbox.stop();
      await spaceRef.current.communities.closeAll();
      await spaceRef.current.personal.close();
    }
    const url = await relayUrl();
    const personal: PersonalSpace = await openPersonalSpace(db, identity, url);
    const usage = usageMeterFor(db);
    const outbox = new Outbox({ db, relayUrl: url, meter: (direction, bytes) => usage.record(direction === 'sent' ? bytes : 0, direction === 'received' ? bytes : 0) });
    outbox.start();
    const workspace: Workspace = { db, relayUrl: url, personal, communities: new Communities(db, personal, url), outbox };
    spaceRef.current = workspace;
    void askPersistentStorageOnce(db);
    void applyDataSaver(db);
    void rememberDeviceHadData(identity.doc);
    return workspace;
  }, []);

  const start = useCallback(
    async (current: Route) => {
      try {
        const locale = await readSetting(db, SettingName.LOCALE, isLocale);
        if (locale) await setLocale(locale);
        const identity = await loadIdentity(db);
        if (current.path === '/link') {
          const target = parseDeviceLink(current.query);
          if (!target) return setPhase({ kind: 'bad-link' });
          if (!identity || identity.doc === target.doc) {
            const workspace = await open(await adoptIdentity(db, target));
            navigate('/');
            return setPhase({ kind: 'ready', workspace });
          }
          const workspace = spaceRef.current ?? (await open(identity));
          const personalDoc = workspace.personal.local.doc;
          const currentName = getProfileName(personalDoc);
          if (!currentName && countJournalEntries(personalDoc) === 0) {
            const linked = await open(await adoptIdentity(db, target));
            navigate('/');
            return setPhase({ kind: 'ready', workspace: linked });
          }
          return setPhase({ kind: 'confirm-link', workspace, target, currentName: currentName ?? '' });
        }
        // IndexedDB empty but the marker outside it survived: offer recovery, not a fresh start.
        if (!identity) return setPhase((await deviceHadData()) ? { kind: 'recover', wiped: true } : { kind: 'onboarding' });
        const workspace = spaceRef.current ?? (await open(identity));
        return setPhase({ kind: 'ready', workspace });
      } catch (error) {
        console.error('[sejawat:app] could not open', error);
        return setPhase({ kind: 'error', message: t('app.loadError') });
      }
    },
    [open],
  );

  // Start, and handle a "connect" link opened while the app is already running.
  const linkKey = route.path === '/link' ? route.query.toString() : '';
  useEffect(() => {
    void start(route);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [start, linkKey]);

  const onboard = async (name: string) => {
    const workspace = await open(await createIdentity(db));
    setProfileName(workspace.personal.local.doc, name, Date.now());
    setPhase({ kind: 'ready', workspace });
  };

  const recoverWithCode = async (identity: Identity) => {
    const workspace = await open(await adoptIdentity(db, identity));
    navigate('/');
    setPhase({ kind: 'ready', workspace });
  };

  /** A fresh phone restores a backup file: its personal document becomes this phone's. */
  const recoverFromFile = async (bytes: Uint8Array): Promise<string | undefined> => {
    const { readBackup, restoreBackup } = await import('../../sync/backup');
    const read = await readBackup(bytes);
    if (!read.ok) return t(`backup.${read.problem}`);
    const { personal, rooms } = read.contents;
    const key = rooms.find((r) => r.doc === personal)!.key;
    const workspace = await open(await adoptIdentity(db, { doc: personal, key }));
    const restored = await restoreBackup(workspace, read.contents);
    if (!restored.ok) return t(`backup.${restored.problem}`);
    navigate('/');
    setPhase({ kind: 'ready', workspace });
    return undefined;
  };

  const startFresh = () => {
    void forgetDeviceMarker();
    setPhase({ kind: 'onboarding' });
  };

  const chooseLocale = (locale: Locale) => {
    void setLocale(locale);
    void writeSetting(db, SettingName.LOCALE, locale);
  };

  const workspace = phase.kind === 'ready' ? phase.workspace : undefined;
  const syncs = useMemo(
    () => [workspace?.personal.sync, communitySpace?.sync].filter((s) => s !== undefined),
    [workspace, communitySpace],
  );
  return (
    <>
      <Header syncs={syncs} onLocale={chooseLocale} />
      <UpdatePrompt />
      <Body
        phase={phase}
        route={route}
        onboard={onboard}
        setPhase={setPhase}
        open={open}
        onCommunity={setCommunitySpace}
        recover={{ onCode: recoverWithCode, onFile: recoverFromFile, onStartFresh: startFresh }}
      />
    </>
  );
}

function Header({ syncs, onLocale }: { syncs: ReadonlyArray<DocSync>; onLocale: (l: Locale) => void }) {
  const locale = useLocale();
  const other: Locale = locale === 'id' ? 'en' : 'id';
  return (
    <header class="top">
      <a href="#/" class="brand">
        {t('app.name')}
      </a>
      <SyncStatusPill syncs={syncs} />
      <button
        type="button"
        class="lang"
        lang={other}
        aria-label={`${t('app.language')}: ${other === 'id' ? 'Bahasa Indonesia' : 'English'}`}
        onClick={() => onLocale(other)}
      >
        {other.toUpperCase()}
      </button>
    </header>
  );
}

interface BodyProps {
  phase: Phase;
  route: Route;
  onboard: (name: string) => Promise<void>;
  setPhase: (phase: Phase) => void;
  open: (identity: Identity) => Promise<Workspace>;
  onCommunity: (space: CommunitySpace | undefined) => void;
  recover: Omit<RecoverProps, 'wiped'>;
}

function Body({ phase, route, onboard, setPhase, open, onCommunity, recover }: BodyProps) {
  switch (phase.kind) {
    case 'loading':
      return <main class="screen"><p role="status">{t('app.loading')}</p></main>;
    case 'error':
      return <main class="screen"><p role="alert" class="error">{phase.message}</p></main>;
    case 'bad-link':
      return (
        <main class="screen">
          <p role="alert" class="error">{t('link.invalid')}</p>
          <a href="#/" onClick={() => setPhase({ kind: 'loading' })}>{t('nav.back')}</a>
        </main>
      );
    case 'onboarding':
      return <Onboarding onStart={onboard} onRecover={() => setPhase({ kind: 'recover', wiped: false })} />;
    case 'recover':
      return (
        <Suspense fallback={<Loading />}>
          <RecoverScreen wiped={phase.wiped} {...recover} />
        </Suspense>
      );
    case 'confirm-link':
      return (
        <ConfirmReplace
          name={phase.currentName}
          onConfirm={() =>
            void adoptIdentity(db, phase.target)
              .then(open)
              .then((workspace) => {
                navigate('/');
                setPhase({ kind: 'ready', workspace });
              })
          }
          onCancel={() => {
            navigate('/');
            setPhase({ kind: 'ready', workspace: phase.workspace });
          }}
        />
      );
    case 'ready':
      return (
        <WorkspaceContext.Provider value={phase.workspace}>
          <Ready workspace={phase.workspace} route={route} onCommunity={onCommunity} />
        </WorkspaceContext.Provider>
      );
  }
}

function Ready({ workspace, route, onCommunity }: { workspace: Workspace; route: Route; onCommunity: (s: CommunitySpace | undefined) => void }) {
  const space = workspace.personal;
  const readOnly = space.newerSchema;
  const notices = (
    <>
      {space.newerSchema && <p class="notice" role="alert">{t('app.newerSchema')}</p>}
      {space.local.quarantined > 0 && (
        <p class="notice" role="status">{t('app.repaired', { count: space.local.quarantined })}</p>
      )}
    </>
  );
  const entryMatch = /^\/entry\/([A-Za-z0-9_-]+)$/.exec(route.path);
  let screen;
  if (entryMatch) {
    screen = <JournalEntryScreen doc={space.local.doc} id={entryMatch[1] as RecordId} readOnly={readOnly} space={space} />;
  } else if (route.path === '/link-device') {
    screen = (
      <Suspense fallback={<Loading />}>
        <LinkDevice identity={space.identity} />
      </Suspense>
    );
  } else if (route.path === '/data') {
    screen = (
      <Suspense fallback={<Loading />}>
        <DataScreen />
      </Suspense>
    );
  } else if (isCommunityRoute(route.path)) {
    screen = (
      <Suspense fallback={<Loading />}>
        <CommunityRoutes route={route} onSpace={onCommunity} />
      </Suspense>
    );
  } else {
    screen = (
      <>
        <RecoveryCodeOffer />
        <Suspense fallback={null}>
          <MyCycle />
        </Suspense>
        <JournalList doc={space.local.doc} readOnly={readOnly} />
      </>
    );
  }
  return (
    <>
      {notices}
      {screen}
      <BottomNav path={route.path} />
    </>
  );
}

function BottomNav({ path }: { path: string }) {
  const current = (active: boolean) => (active ? { 'aria-current': 'page' as const } : {});
  return (
    <nav class="bottom-nav" aria-label={t('app.name')}>
      <a href="#/" {...current(path === '/' || path.startsWith('/entry'))}>{t('nav.journal')}</a>
      <a href="#/communities" {...current(isCommunityRoute(path))}>{t('nav.communities')}</a>
      <a href="#/link-device" {...current(path === '/link-device')}>{t('nav.linkDevice')}</a>
      <a href="#/data" {...current(path === '/data')}>{t('nav.data')}</a>
    </nav>
  );
}

const isBoolean = (v: unknown): v is boolean => typeof v === 'boolean';

/** After onboarding, until she looks at it or says later: keep the recovery code somewhere safe. */
function RecoveryCodeOffer() {
  const [show, setShow] = useState(false);
  useEffect(() => {
    void readSetting(db, SettingName.RECOVERY_CODE_OFFERED, isBoolean).then((offered) => setShow(offered !== true));
  }, []);
  if (!show) return null;
  const dismiss = () => {
    setShow(false);
    void writeSetting(db, SettingName.RECOVERY_CODE_OFFERED, true);
  };
  return (
    <div class="banner" role="region" aria-label={t('data.recovery')}>
      <p>{t('recover.offer')}</p>
      <a href="#/data?recovery" class="button primary" onClick={dismiss}>{t('recover.offerShow')}</a>
      <button type="button" onClick={dismiss}>{t('recover.offerLater')}</button>
    </div>
  );
}
