/** Why a domain operation refused. The UI maps a reason to an i18n key; tests match the reason. */
export type DomainErrorReason =
  | 'invalid-schema'
  | 'newer-schema'
  | 'invalid-date'
  | 'invalid-name'
  | 'invalid-id'
  | 'not-found'
  // Communities (docs/SCHEMA.md, community document) and memberships (personal v2):
  | 'invalid-kind'
  | 'invalid-role'
  | 'invalid-status'
  | 'invalid-goal'
  | 'invalid-schedule'
  | 'invalid-time'
  | 'invalid-text'
  | 'invalid-count'
  | 'invalid-key'
  | 'already-exists'
  | 'last-facilitator'
  // Attachments (docs/SCHEMA.md, "Attachments"):
  | 'invalid-attachment';

/** An expected refusal of the domain layer, with a machine-readable `reason`. */
export class DomainError extends Error {
  override readonly name = 'DomainError';
  readonly reason: DomainErrorReason;

  constructor(reason: DomainErrorReason, message: string = reason) {
    super(message);
    this.reason = reason;
  }
}

export function isDomainError(value: unknown): value is DomainError {
  return value instanceof DomainError;
}
