/**
 * How careful to be with the network: the one place the outbox (attachments), downloads and the
 * data-saver screen ask. Data saver (*Hemat kuota*) is on by default when the browser says the
 * connection is metered or the user asked to save data (`navigator.connection`, Chromium only);
 * the teacher's own choice, once made, wins. This module starts with the defaults; the data-saver
 * setting and its screen build on it.
 */

interface NetworkInformationLike {
  readonly saveData?: boolean;
  readonly type?: string;
  readonly effectiveType?: string;
}

function connection(): NetworkInformationLike | undefined {
  return typeof navigator === 'undefined' ? undefined : (navigator as { connection?: NetworkInformationLike }).connection;
}

/** The browser's own hint: the user asked to save data, or the link is cellular or slow. */
export function browserSaysMetered(): boolean {
  const info = connection();
  if (info === undefined) return false;
  return info.saveData === true || info.type === 'cellular' || info.effectiveType === 'slow-2g' || info.effectiveType === '2g';
}

export interface NetworkPolicy {
  /** Photos and voice notes from others download only when she opens them. */
  downloadAttachmentsOnDemand(): boolean;
  /** Whether an upload of `bytes` may start now (false: wait, e.g. for Wi-Fi). */
  mayUpload(bytes: number): boolean;
}

/** Defaults until the teacher chooses: careful on metered links, free on others. */
export const defaultNetworkPolicy: NetworkPolicy = {
  downloadAttachmentsOnDemand: () => browserSaysMetered(),
  mayUpload: () => true,
};
