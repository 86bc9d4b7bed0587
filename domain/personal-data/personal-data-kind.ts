// The kinds of personal data kept encrypted in read models (DESIGN.md §4), with the one
// normalisation and the one mask of each: the encrypting layer (commands/personal-data) and every
// module use these, so a value is indexed, masked and looked up the same way everywhere.
import { normalizeBankCard } from './bank-card';
import { normalizeIdNumber } from './id-number';
import { maskBankCard, maskIdNumber, maskPhone } from './masking';
import { normalizePhone } from './phone';

export const PERSONAL_DATA_KINDS = ['idNumber', 'phone', 'bankCard'] as const;
export type PersonalDataKind = (typeof PERSONAL_DATA_KINDS)[number];

export const PERSONAL_DATA_LABELS: Record<PersonalDataKind, string> = {
  idNumber: '身份证号码',
  phone: '联系电话',
  bankCard: '银行卡号',
};

const NORMALIZERS: Record<PersonalDataKind, (value: string) => string> = {
  idNumber: normalizeIdNumber,
  phone: normalizePhone,
  bankCard: normalizeBankCard,
};

const MASKS: Record<PersonalDataKind, (value: string) => string> = {
  idNumber: maskIdNumber,
  phone: maskPhone,
  bankCard: maskBankCard,
};

export const normalizePersonalData = (kind: PersonalDataKind, value: string): string => NORMALIZERS[kind](value);

/** The masked form of a value (normalised first, so the mask does not depend on how it was typed). */
export const maskPersonalData = (kind: PersonalDataKind, value: string): string => MASKS[kind](normalizePersonalData(kind, value));
