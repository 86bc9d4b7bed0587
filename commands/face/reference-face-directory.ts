// What the capture matcher needs from the read side about reference faces (implemented in
// projections/capture/reference-faces-table.ts, wired in api/platform-directories.ts): the sealed
// descriptor of a person, or of everyone on a roster, as the trainee and teacher events recorded it.
import type { FacePersonKind } from '../../domain/capture/reference-face';
export type { FacePersonKind };

export interface StoredReferenceFace {
  personKind: FacePersonKind;
  personId: string;
  /** `pii1.` ciphertext; opened only by the matcher (descriptor-cipher.ts). */
  descriptorCipher: string;
  engineVersion: string;
  photoSm3: string;
  photoFileSha256: string;
  source: string;
  /** When the event recording it was written (UTC). */
  enrolledAt: string;
}

export interface ReferenceFaceDirectory {
  /** The reference in force for each person asked for who has one. */
  forPeople(people: readonly { kind: FacePersonKind; id: string }[]): Promise<StoredReferenceFace[]>;
}
