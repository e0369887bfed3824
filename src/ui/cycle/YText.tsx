import type * as Y from 'yjs';
import { useEffect, useState } from 'preact/hooks';

/** Shows a Y.Text read-only and keeps it current as colleagues edit it. */
export function YTextView({ text, class: className }: { text: Y.Text; class?: string }) {
  const [value, setValue] = useState(() => text.toString());
  useEffect(() => {
    const update = () => setValue(text.toString());
    update();
    text.observe(update);
    return () => text.unobserve(update);
  }, [text]);
  return <p class={className ?? 'ytext'}>{value}</p>;
}
