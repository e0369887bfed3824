import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { countJournalEntries, getProfileName, setProfileName } from '../../domain';
import type { RecordId } from '../../domain/ids';
import { isLocale, setLocale, t, useLocale, type Locale } from '../../i18n';
import { deviceDb } from '../../store/db';
import { askPersistentStorageOnce } from '../../store/persistence';
import { readSetting, SettingName, writeSetting } from '../../store/settings';
import { parseDeviceLink } from '../../sync/deviceLink';
import { adoptIdentity, createIdentity, loadIdentity, type Identity } from '../../sync/identity';
import { openPersonalSpace, type PersonalSpace } from '../../sync/PersonalSpace';
import { defaultRelayUrl, isRelayUrl } from '../../sync/relayUrl';
import { SyncStatusPill } from '../common/SyncStatusPill';
import { UpdatePrompt } from '../common/UpdatePrompt';
import { JournalEntryScreen } from '../journal/JournalEntryScreen';
import { JournalList } from '../journal/JournalList';
import { ConfirmReplace } from '../link/ConfirmReplace';
import { LinkDevice } from '../link/LinkDevice';
import { Onboarding } from '../onboarding/Onboarding';
import { navigate, useRoute, type Route } from './route';

type Phase =
  | { kind: 'loading' }
  | { kind: 'onboarding' }
  | { kind: 'ready'; space: PersonalSpace }
  | { kind: 'confirm-link'; space: PersonalSpace; target: Identity; currentName: string }
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
  const spaceRef = useRef<PersonalSpace | undefined>(undefined);

  const open = useCallback(async (identity: Identity): Promise<PersonalSpace> => {
    await spaceRef.current?.close();
    const space = await openPersonalSpace(db, identity, await relayUrl());
    spaceRef.current = space;
    void askPersistentStorageOnce(db);
    return space;
  }, []);

  const start = useCallback(
    async (current: Route) => {
      try {
        const locale = await readSetting(db, SettingName.LOCALE, isLocale);
        if (locale) setLocale(locale);
        const identity = await loadIdentity(db);
        if (current.path === '/link') {
          const target = parseDeviceLink(current.query);
          if (!target) return setPhase({ kind: 'bad-link' });
          if (!identity || identity.doc === target.doc) {
            const space = await open(await adoptIdentity(db, target));
            navigate('/');
            return setPhase({ kind: 'ready', space });
          }
          const space = spaceRef.current ?? (await open(identity));
          const currentName = getProfileName(space.local.doc);
          if (!currentName && countJournalEntries(space.local.doc) === 0) {
            const linked = await open(await adoptIdentity(db, target));
            navigate('/');
            return setPhase({ kind: 'ready', space: linked });
          }
          return setPhase({ kind: 'confirm-link', space, target, currentName: currentName ?? '' });
        }
        if (!identity) return setPhase({ kind: 'onboarding' });
        const space = spaceRef.current ?? (await open(identity));
        return setPhase({ kind: 'ready', space });
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
    const space = await open(await createIdentity(db));
    setProfileName(space.local.doc, name, Date.now());
    setPhase({ kind: 'ready', space });
  };

  const chooseLocale = (locale: Locale) => {
    setLocale(locale);
    void writeSetting(db, SettingName.LOCALE, locale);
  };

  const space = phase.kind === 'ready' ? phase.space : undefined;
  return (
    <>
      <Header space={space} onLocale={chooseLocale} />
      <UpdatePrompt />
      <Body phase={phase} route={route} onboard={onboard} setPhase={setPhase} open={open} />
    </>
  );
}

function Header({ space, onLocale }: { space: PersonalSpace | undefined; onLocale: (l: Locale) => void }) {
  const locale = useLocale();
  const other: Locale = locale === 'id' ? 'en' : 'id';
  return (
    <header class="top">
      <a href="#/" class="brand">
        {t('app.name')}
      </a>
      <SyncStatusPill sync={space?.sync} />
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
  open: (identity: Identity) => Promise<PersonalSpace>;
}

function Body({ phase, route, onboard, setPhase, open }: BodyProps) {
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
      return <Onboarding onStart={onboard} />;
    case 'confirm-link':
      return (
        <ConfirmReplace
          name={phase.currentName}
          onConfirm={() =>
            void adoptIdentity(db, phase.target)
              .then(open)
              .then((space) => {
                navigate('/');
                setPhase({ kind: 'ready', space });
              })
          }
          onCancel={() => {
            navigate('/');
            setPhase({ kind: 'ready', space: phase.space });
          }}
        />
      );
    case 'ready':
      return <Ready space={phase.space} route={route} />;
  }
}

function Ready({ space, route }: { space: PersonalSpace; route: Route }) {
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
    screen = <JournalEntryScreen doc={space.local.doc} id={entryMatch[1] as RecordId} readOnly={readOnly} />;
  } else if (route.path === '/link-device') {
    screen = <LinkDevice identity={space.identity} />;
  } else {
    screen = (
      <>
        <JournalList doc={space.local.doc} readOnly={readOnly} />
        <nav class="bottom-nav">
          <a href="#/link-device">{t('nav.linkDevice')}</a>
        </nav>
      </>
    );
  }
  return (
    <>
      {notices}
      {screen}
    </>
  );
}
