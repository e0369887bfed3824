/**
 * Errors with a machine-readable `reason`: logs and tests match on the reason, never on text.
 */

export const ProtocolReason = {
  EMPTY_MESSAGE: 'empty-message',
  TEXT_FRAME: 'text-frame',
  TRUNCATED: 'truncated-message',
  TRAILING_BYTES: 'trailing-bytes',
  UNKNOWN_MESSAGE_TYPE: 'unknown-message-type',
  UNKNOWN_SYNC_TYPE: 'unknown-sync-type',
  INVALID_STATE_VECTOR: 'invalid-state-vector',
  INVALID_UPDATE: 'invalid-update',
  UPDATE_REJECTED: 'update-rejected',
  INVALID_AWARENESS: 'invalid-awareness',
} as const;
export type ProtocolReason = (typeof ProtocolReason)[keyof typeof ProtocolReason];

/** A peer sent bytes that are not a message we understand: close that connection with 1007. */
export class ProtocolError extends Error {
  override readonly name = 'ProtocolError';
  constructor(
    readonly reason: ProtocolReason,
    detail?: string,
  ) {
    super(detail === undefined ? reason : `${reason}: ${detail}`);
  }
}
