/** The backup as a file: dated, so several backups on a phone or in a chat are told apart. */
export function shareableFile(bytes: Uint8Array, now = new Date()): File {
  const date = now.toISOString().slice(0, 10);
  return new File([bytes as Uint8Array<ArrayBuffer>], `sejawat-cadangan-${date}.sejawat`, { type: 'application/octet-stream' });
}

/** Shares through the system sheet (WhatsApp, Drive) when asked and possible, else downloads. */
export async function saveFile(bytes: Uint8Array, share: boolean): Promise<void> {
  const file = shareableFile(bytes);
  if (share && navigator.canShare?.({ files: [file] })) {
    await navigator.share({ files: [file], title: file.name });
    return;
  }
  const url = URL.createObjectURL(file);
  const a = document.createElement('a');
  a.href = url;
  a.download = file.name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
