// Who the person behind a trainee or teacher record is (implemented in projections/capture, wired in
// api/platform-directories.ts): the ID number's blind index, so the signal rules see one human who
// is a trainee in one class and a teacher in another at the same time.
import type { FacePersonKind } from '../../domain/capture/reference-face';

export interface PersonIdentityDirectory {
  /** The blind index of each person's ID number, by `kind:id`; people not (yet) in the read side are left out. */
  humanKeys(people: readonly { kind: FacePersonKind; id: string }[]): Promise<Map<string, string>>;
}
