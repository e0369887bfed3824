/** Hands a file to her: the system share sheet where the phone has one for files, else a download. */
export async function shareOrDownload(name: string, text: string, type: string): Promise<void> {
  const file = new File([text], name, { type });
  const nav = navigator as Navigator & { canShare?: (data: { files: File[] }) => boolean };
  if (typeof nav.share === 'function' && nav.canShare?.({ files: [file] })) {
    try {
      await nav.share({ files: [file], title: name });
      return;
    } catch (error) {
      if ((error as DOMException).name === 'AbortError') return;
      // Sharing refused (no handler, not allowed here): fall back to a download.
    }
  }
  const url = URL.createObjectURL(file);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** A file name without characters that file systems refuse. */
export function fileName(...parts: string[]): string {
  return parts.join('-').replace(/[^\p{L}\p{N}._-]+/gu, '-').replace(/-+/g, '-').replace(/^-|-$/g, '');
}
