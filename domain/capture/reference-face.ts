// A person's reference face as their trainee or teacher record keeps it (issue 13 §1, DESIGN.md §8):
// never the photo and never a clear descriptor. The photo lives encrypted in the storage port (its
// SHA-256 names the content there, its SM3 is the national-standard hash an auditor recomputes);
// the descriptor is sealed with the personal-data cipher by the command layer before any event is
// built. The trainee and teacher deciders record these facts; the capture matcher reads them back
// through the reference-faces read model.
import { ValidationError } from '../shared/errors';

/** Whose face: a trainee, or a teacher (who teaches, or sits in a teachers' capability class). */
export type FacePersonKind = 'trainee' | 'teacher';
export const personKey = (kind: FacePersonKind, id: string) => `${kind}:${id}`;

export const REFERENCE_FACE_SOURCES = ['upload', 'batch', 'social-security-card'] as const;
export type ReferenceFaceSource = (typeof REFERENCE_FACE_SOURCES)[number];
export const REFERENCE_FACE_SOURCE_LABELS: Record<ReferenceFaceSource, string> = {
  upload: '上传照片',
  batch: '批量导入',
  'social-security-card': '社保卡照片',
};

// A type alias, not an interface: event data must be assignable to Record<string, unknown>.
export type ReferenceFaceFacts = {
  /** SHA-256 of the photo: its address in the storage port. */
  photoFileSha256: string;
  /** SM3 of the photo's bytes. */
  photoSm3: string;
  /** The descriptor as `pii1.` ciphertext (context faceDescriptor). */
  descriptorCipher: string;
  /** Engine and model that computed the descriptor: a descriptor is compared only with one of the same engine. */
  engineVersion: string;
  quality: { score: number; sizePx: number; sharpness: number };
  source: ReferenceFaceSource;
  /** The social-security card service's id of the answer the photo came from. */
  cardRequestId?: string;
};

/** What the person's record state keeps of it (the descriptor stays on the event and in the matcher's read model). */
export interface ReferenceFaceSummary {
  photoSm3: string;
  engineVersion: string;
  source: ReferenceFaceSource;
}

const HEX64 = /^[0-9a-f]{64}$/;

/** A guard on what the command layer hands the decider: a malformed fact must never reach an event. */
export function checkReferenceFaceFacts(face: ReferenceFaceFacts): ReferenceFaceFacts {
  const fields: { field: string; message: string }[] = [];
  if (!HEX64.test(face.photoFileSha256)) fields.push({ field: 'photoFileSha256', message: '照片的SHA-256摘要格式不正确' });
  if (!HEX64.test(face.photoSm3)) fields.push({ field: 'photoSm3', message: '照片的SM3摘要格式不正确' });
  if (!face.descriptorCipher.startsWith('pii1.')) fields.push({ field: 'descriptorCipher', message: '人脸特征必须加密保存' });
  if (!face.engineVersion) fields.push({ field: 'engineVersion', message: '缺少人脸引擎版本' });
  if (!REFERENCE_FACE_SOURCES.includes(face.source)) fields.push({ field: 'source', message: '照片来源不正确' });
  if (fields.length) throw new ValidationError(fields, '人脸登记信息不完整');
  return face;
}

export const referenceFaceSummary = (face: ReferenceFaceFacts): ReferenceFaceSummary => ({ photoSm3: face.photoSm3, engineVersion: face.engineVersion, source: face.source });

/** The same photo through the same engine is already the reference: enrolling it again records nothing. */
export const sameReference = (current: ReferenceFaceSummary | null | undefined, face: ReferenceFaceFacts) =>
  current?.photoSm3 === face.photoSm3 && current.engineVersion === face.engineVersion;
