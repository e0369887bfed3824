/**
 * How careful to be with the network: the one place the outbox (attachments), downloads and the
 * data-saver screen ask. Data saver (*Hemat kuota*) is on by default when the browser says the
 * connection is metered or the user asked to save data (`navigator.connection`, Chromium only);
 * the teacher's own choice, once made, wins (`src/store/settings.ts`: DATA_SAVER, WAIT_FOR_WIFI).
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
export function browserSaysMetered(info: NetworkInformationLike | undefined = connection()): boolean {
  if (info === undefined) return false;
  return info.saveData === true || info.type === 'cellular' || info.effectiveType === 'slow-2g' || info.effectiveType === '2g';
}

/** Only when the browser says so: most browsers do not tell, and then nothing waits. */
export function browserSaysCellular(info: NetworkInformationLike | undefined = connection()): boolean {
  return info?.type === 'cellular';
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

/** Her choices on the data screen; `dataSaver` undefined = she has not chosen. */
export interface DataSaverChoices {
  dataSaver?: boolean | undefined;
  waitForWifi?: boolean | undefined;
}

/** Whether Hemat kuota is on: her choice, else the browser's hint. */
export function dataSaverOn(choices: DataSaverChoices, info: NetworkInformationLike | undefined = connection()): boolean {
  return choices.dataSaver ?? browserSaysMetered(info);
}

/** The policy her settings ask for, reading the connection at each question (it changes). */
export function policyFromChoices(choices: DataSaverChoices, info: () => NetworkInformationLike | undefined = connection): NetworkPolicy {
  return {
    downloadAttachmentsOnDemand: () => dataSaverOn(choices, info()),
    mayUpload: () => !(choices.waitForWifi === true && browserSaysCellular(info())),
  };
}

let current: NetworkPolicy = defaultNetworkPolicy;

/** The app's policy now (the outbox and downloads ask this); set from her settings at start. */
export function appNetworkPolicy(): NetworkPolicy {
  return current;
}

export function setAppNetworkPolicy(policy: NetworkPolicy): void {
  current = policy;
}
