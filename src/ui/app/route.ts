import { useEffect, useState } from 'preact/hooks';

/** Screens, addressed by the URL fragment so the service worker serves one shell for all. */
export interface Route {
  path: string;
  query: URLSearchParams;
}

export function parseRoute(hash: string): Route {
  const raw = hash.replace(/^#/, '') || '/';
  const [path = '/', search = ''] = raw.split('?');
  return { path, query: new URLSearchParams(search) };
}

export function navigate(path: string): void {
  window.location.hash = `#${path}`;
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}

/** Whether a route belongs to the communities feature (loaded lazily, off the first screen). */
export function isCommunityRoute(path: string): boolean {
  return path === '/communities' || path === '/communities/new' || path === '/join' || path.startsWith('/c/') || path.startsWith('/share/');
}
