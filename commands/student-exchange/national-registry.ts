// The port to the national technical-school registration system (全国技工院校电子注册和统计信息管理系统,
// issue 15 §7): send it registrations and status changes, read its student list. The default way is
// file-based (exchange-files.ts: the operator uploads our file to the national system and downloads
// its list from there); where the province is granted an interface, the HTTP adapter
// (http-national-registry.ts) speaks the contract of CONTRACT.md, which is our assumption.
import type { ExchangeKind } from '../../domain/student-exchange/student-exchange';
import type { NationalStudent } from '../../domain/student-exchange/national-mapping';

export interface SubmissionReceipt {
  /** The national system's id of the batch. */
  batchId: string;
  accepted: number;
  /** Records it refused, by their index in the batch, with its code and message. */
  rejected: { index: number; code: string; message: string }[];
}

export interface NationalRegistry {
  /** Sends registration or status-change records (field codes of domain/student-exchange/national-mapping.ts). */
  submit(kind: ExchangeKind, records: readonly Record<string, string>[]): Promise<SubmissionReceipt>;
  /** The national system's students of a school (all pages). */
  studentList(schoolCode: string): Promise<NationalStudent[]>;
}

export type NationalRegistryErrorKind = 'timeout' | 'unavailable' | 'rejected' | 'protocol';
const KIND_MESSAGES: Record<NationalRegistryErrorKind, string> = {
  timeout: '全国技工院校学籍系统未在规定时间内应答，请稍后重试',
  unavailable: '全国技工院校学籍系统暂不可用，请稍后重试',
  rejected: '全国技工院校学籍系统拒绝了请求（身份或参数不符），请联系系统管理员核对接口配置',
  protocol: '全国技工院校学籍系统的应答不符合接口约定，请联系系统管理员',
};

/** A failure of the national system's interface, with a Chinese message for the user and the detail for the log. */
export class NationalRegistryError extends Error {
  constructor(
    readonly kind: NationalRegistryErrorKind,
    readonly detail: string,
  ) {
    super(KIND_MESSAGES[kind]);
    this.name = 'NationalRegistryError';
  }
}
