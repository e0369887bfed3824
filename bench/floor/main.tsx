/**
 * The dependency floor: the smallest app that uses every library Sejawat ships (preact, yjs,
 * y-indexeddb, dexie, y-websocket, the PWA register with workbox-window) and nothing of ours.
 * What the app weighs beyond this is ours to answer for. It opens a Dexie database and a Yjs
 * document from IndexedDB, syncs it with the relay, and shows an input once both are loaded, like
 * the app's first screen.
 */
import Dexie, { type Table } from 'dexie';
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { registerSW } from 'virtual:pwa-register';
import { IndexeddbPersistence } from 'y-indexeddb';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';

class FloorDb extends Dexie {
  settings!: Table<{ name: string; value: string }, string>;
  constructor() {
    super('floor');
    this.version(1).stores({ settings: 'name' });
  }
}

const db = new FloorDb();
const doc = new Y.Doc();
const notes = doc.getArray<string>('notes');

function App() {
  const [ready, setReady] = useState(false);
  const [items, setItems] = useState<string[]>([]);
  const [text, setText] = useState('');

  useEffect(() => {
    const persistence = new IndexeddbPersistence('floor-notes', doc);
    const refresh = () => setItems(notes.toArray());
    notes.observe(refresh);
    void Promise.all([persistence.whenSynced, db.settings.get('name')]).then(() => {
      refresh();
      setReady(true);
    });
    const base = window.location.origin.replace(/^http/, 'ws');
    const provider = new WebsocketProvider(`${base}/sync`, 'p-floor-floor-floor-floor', doc, {
      params: { key: 'floor-floor-floor-floor' },
    });
    return () => {
      provider.destroy();
      void persistence.destroy();
    };
  }, []);

  if (!ready) return <p role="status">…</p>;
  return (
    <main>
      <h1>Floor</h1>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          notes.push([text]);
          void db.settings.put({ name: 'last', value: text });
          setText('');
        }}
      >
        <label for="floor-input">Catatan</label>
        <input id="floor-input" value={text} onInput={(e) => setText(e.currentTarget.value)} />
        <button type="submit">Simpan</button>
      </form>
      <ul>
        {items.map((item, i) => (
          <li key={i}>{item}</li>
        ))}
      </ul>
    </main>
  );
}

registerSW({ immediate: true });
render(<App />, document.getElementById('app')!);
