import { id } from '../../i18n/id';
import { t, type MessageKey } from '../../i18n';

/** The teacher's words for a relay API failure reason (docs/PROTOCOL.md); never a raw code. */
export function errorMessage(reason: string): string {
  const key = `error.${reason}`;
  return key in id ? t(key as MessageKey) : t('error.generic');
}
