// Ports for the two government services that identify a person for face matching (issue 13 §1,
// DESIGN.md §8): the social-security card's photo (社保卡照片) and the public-security real-person
// check (公安实人认证). Adapters: signed JSON over HTTP (http-adapters.ts) against the contract in
// CONTRACT.md, which is our assumption; neither was run against the live service.

export interface PersonIdentity {
  /** 18-character resident ID number, normalised. */
  idNumber: string;
  name: string;
}

export interface SocialSecurityCardPhoto {
  /** The JPEG as the card service holds it. */
  photo: Buffer;
  cardIssuedAt?: string;
  /** The service's id for this answer, kept with the reference face for tracing. */
  requestId: string;
}

export interface SocialSecurityCardPhotoSource {
  /** The photo on the person's social-security card; undefined when they have no card or no photo on it. */
  fetchPhoto(person: PersonIdentity): Promise<SocialSecurityCardPhoto | undefined>;
}

export type RealPersonCheck =
  | { outcome: 'match' | 'no-match'; /** 0..1 */ similarity: number; transactionId: string }
  | { outcome: 'no-record' | 'photo-unusable'; message: string; requestId: string };

export interface RealPersonVerifier {
  /** Compares a live photo with the photo the public-security system holds for the ID number. */
  verify(person: PersonIdentity, photo: Uint8Array): Promise<RealPersonCheck>;
}

export type ExternalServiceFailure = 'timeout' | 'unavailable' | 'rejected' | 'protocol';

const FAILURE_MESSAGES: Record<ExternalServiceFailure, (service: string) => string> = {
  timeout: (s) => `${s}响应超时，请稍后重试`,
  unavailable: (s) => `${s}暂不可用，请稍后重试`,
  rejected: (s) => `${s}拒绝了请求，请联系系统管理员检查接入配置`,
  protocol: (s) => `${s}返回了无法识别的结果，请联系系统管理员`,
};

/** The service could not be asked or did not answer usefully; `detail` is for the log, never personal data. */
export class ExternalServiceError extends Error {
  constructor(
    readonly service: string,
    readonly failure: ExternalServiceFailure,
    readonly detail: string,
  ) {
    super(FAILURE_MESSAGES[failure](service));
    this.name = 'ExternalServiceError';
  }
}
