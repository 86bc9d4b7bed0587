// The one way a clear value leaves a read model: validate the request, decrypt in memory, append the
// PersonalDataViewed event, and only then hand the value back. If the event cannot be written, the
// value is not returned; if the value cannot be decrypted, no view is recorded (nothing was seen).
import type { PersonalDataKind } from '../../domain/personal-data/personal-data-kind';
import { personalDataViewed, personalDataViewsStreamId, type PersonalDataViewed } from '../../domain/personal-data/personal-data-viewed';
import type { PersonalDataProtector } from './protected-field';

export interface UnmaskRequest {
  /** Stream of the record the row belongs to, e.g. `trainee-5f3c...`. */
  recordStreamId: string;
  /** Field of the record, e.g. `idNumber`. */
  field: string;
  kind: PersonalDataKind;
  /** Why the user needs the clear value (required, recorded). */
  reason: string;
  /** The row's `<column>_cipher` value. */
  cipher: string;
}

/** Appends the view to its stream (the caller supplies the envelope: actor, command id, ip). */
export type AppendView = (streamId: string, event: PersonalDataViewed) => Promise<unknown>;

export async function unmaskAudited(protector: PersonalDataProtector, appendView: AppendView, request: UnmaskRequest): Promise<string> {
  const event = personalDataViewed({ recordStreamId: request.recordStreamId, field: request.field, kind: request.kind, reason: request.reason });
  const clear = protector.reveal(request.kind, request.cipher);
  await appendView(personalDataViewsStreamId(request.recordStreamId), event);
  return clear;
}
