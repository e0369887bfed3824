import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import type * as Y from 'yjs';

/**
 * A value computed from a Yjs document, recomputed after each transaction that changed it.
 * `compute` must be cheap or the screen must need it: it runs once per change.
 */
export function useDocValue<T>(doc: Y.Doc, compute: (doc: Y.Doc) => T, deps: unknown[] = []): T {
  const [value, setValue] = useState(() => compute(doc));
  const computeRef = useRef(compute);
  computeRef.current = compute;
  // The first value was computed during the first render; recompute only when doc or deps change.
  // A layout effect subscribes in the same task as that render, so no transaction can slip between.
  const fresh = useRef(true);
  useLayoutEffect(() => {
    if (fresh.current) fresh.current = false;
    else setValue(computeRef.current(doc));
    const onChange = (transaction: Y.Transaction) => {
      if (transaction.changed.size > 0 || transaction.deleteSet.clients.size > 0) {
        setValue(computeRef.current(doc));
      }
    };
    doc.on('afterTransaction', onChange);
    return () => doc.off('afterTransaction', onChange);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [doc, ...deps]);
  return value;
}
