// A trainee's or teacher's reference face (issue 13 §1): a photo uploaded with the record, by batch,
// or fetched from the social-security card service, checked to hold exactly one clear face, and
// reduced to what the record keeps: the photo's SM3 hash (the photo itself goes to the encrypted
// storage port), the descriptor sealed with SM4, the engine version and the quality measured.
//
// The modules call enrolReferenceFace in their command handler, before deciding (inference and
// encryption are side effects and must not run inside `decide`, which re-runs on a retry), and put
// the returned ReferenceFace on their event.
import { createHash } from 'node:crypto';
import type { PersonIdentity, SocialSecurityCardPhotoSource } from '../identity-verification/identity-verification';
import type { DescriptorSealer } from './descriptor-cipher';
import type { DetectedFace, FaceEngine, FaceQuality } from './face-engine';
import type { ReferenceQualitySettings } from './face-settings';

export type ReferencePhotoRefusal = 'NO_FACE' | 'SEVERAL_FACES' | 'POOR_QUALITY';

export const REFERENCE_PHOTO_REFUSALS: Record<ReferencePhotoRefusal, string> = {
  NO_FACE: '未检测到人脸',
  SEVERAL_FACES: '检测到多张人脸',
  POOR_QUALITY: '人脸过小或不清晰',
};

/** The photo cannot serve as a reference; `message` is for the person who uploaded it. */
export class ReferencePhotoRefusedError extends Error {
  constructor(
    readonly code: ReferencePhotoRefusal,
    /** What was measured, for the log and the batch import's error report (no biometric data). */
    readonly details: { faceCount: number; quality?: Omit<FaceQuality, 'pose'> },
  ) {
    super(REFERENCE_PHOTO_REFUSALS[code]);
    this.name = 'ReferencePhotoRefusedError';
  }
}

import type { ReferenceFaceSource } from '../../domain/capture/reference-face';
export type { ReferenceFaceSource };

export interface AcceptedReference {
  face: DetectedFace;
  engineVersion: string;
}

/** Exactly one face, confident, large and sharp enough; throws ReferencePhotoRefusedError otherwise. */
export async function checkReferencePhoto(engine: FaceEngine, photo: Uint8Array, settings: ReferenceQualitySettings): Promise<AcceptedReference> {
  const analysis = await engine.analyze(photo);
  const [face, ...others] = analysis.faces;
  if (!face) throw new ReferencePhotoRefusedError('NO_FACE', { faceCount: 0 });
  if (others.length) throw new ReferencePhotoRefusedError('SEVERAL_FACES', { faceCount: analysis.faces.length });
  const { score, sizePx, sharpness } = face.quality;
  if (score < settings.minScore || sizePx < settings.minSizePx || sharpness < settings.minSharpness) {
    throw new ReferencePhotoRefusedError('POOR_QUALITY', { faceCount: 1, quality: { score, sizePx, sharpness } });
  }
  return { face, engineVersion: analysis.engineVersion };
}

/** What a trainee's or teacher's event carries about a reference face: never the photo, never a clear descriptor. */
export interface ReferenceFace {
  /** SM3 (hex) of the photo's bytes as uploaded; the photo is kept by the encrypted storage port. */
  photoSm3: string;
  /** The descriptor as SM4 ciphertext (descriptor-cipher.ts). */
  descriptorCipher: string;
  engineVersion: string;
  quality: { score: number; sizePx: number; sharpness: number };
  source: ReferenceFaceSource;
}

export const photoSm3 = (photo: Uint8Array): string => createHash('sm3').update(photo).digest('hex');

/** Checks a reference photo and returns the fields its event records. */
export async function enrolReferenceFace(
  deps: { engine: FaceEngine; sealer: DescriptorSealer; settings: ReferenceQualitySettings },
  photo: Uint8Array,
  source: ReferenceFaceSource,
): Promise<ReferenceFace> {
  const { face, engineVersion } = await checkReferencePhoto(deps.engine, photo, deps.settings);
  const { score, sizePx, sharpness } = face.quality;
  return {
    photoSm3: photoSm3(photo),
    descriptorCipher: deps.sealer.seal(face.descriptor),
    engineVersion,
    quality: { score: round(score, 3), sizePx: Math.round(sizePx), sharpness: round(sharpness, 1) },
    source,
  };
}

const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;

/**
 * A reference face from the social-security card service (社保卡照片), for a person enrolled without
 * an uploaded photo. Undefined when the service holds no photo for them; the card photo is checked
 * like an upload (an old or poor card photo is refused the same way). The caller stores `photo`
 * through the encrypted storage port, as for an upload.
 */
export async function enrolFromSocialSecurityCard(
  deps: { engine: FaceEngine; sealer: DescriptorSealer; settings: ReferenceQualitySettings; cards: SocialSecurityCardPhotoSource },
  person: PersonIdentity,
): Promise<{ reference: ReferenceFace; photo: Buffer; cardRequestId: string } | undefined> {
  const card = await deps.cards.fetchPhoto(person);
  if (!card) return undefined;
  return { reference: await enrolReferenceFace(deps, card.photo, 'social-security-card'), photo: card.photo, cardRequestId: card.requestId };
}
