// 学员 (requirement 3): what an institution enters. The ID number is checked (check digit, birth
// date, region) and gives birth date, sex and region; bank account and phone are optional but
// validated when given.
import { z } from 'zod';
import { bankCardSchema, bankCardWarnings } from '../personal-data/bank-card';
import { atField, type ConfirmableWarning } from '../personal-data/confirmable-warning';
import { describeIdNumber, idNumberSchema, type Sex } from '../personal-data/id-number';
import type { IsoDate } from '../personal-data/normalize';
import { mobilePhoneSchema } from '../personal-data/phone';
import type { ProtectedValue } from '../personal-data/protected-value';
import { parseInput, requiredText, schemaOfTheDay } from '../shared/validation';

const chineseName = requiredText('姓名', 30).regex(/^[\u3400-\u9fff·A-Za-z]{2,30}$/, { error: '姓名只能包含汉字、字母和间隔号·，至少2个字' });

export const traineeInputSchema = (today: IsoDate) =>
  z.object({
    name: chineseName,
    idNumber: idNumberSchema(today, '身份证号码', 'trainee'),
    personCategory: requiredText('人员类别', 40),
    phone: mobilePhoneSchema(),
    bankAccount: z.union([bankCardSchema('银行账号'), z.literal('').transform(() => null), z.null()]).default(null),
  });

export type TraineeInput = z.output<ReturnType<typeof traineeInputSchema>>;

/**
 * An edit: personal data left out (null) keeps the current value (the console shows it masked);
 * an empty bank account removes it. The ID number, when given, must be the person's own.
 */
export const traineeEditSchema = (today: IsoDate) =>
  z.object({
    name: chineseName,
    idNumber: idNumberSchema(today, '身份证号码', 'trainee').nullable().default(null),
    personCategory: requiredText('人员类别', 40),
    phone: mobilePhoneSchema().nullable().default(null),
    bankAccount: z.union([bankCardSchema('银行账号'), z.literal(''), z.null()]).default(null),
  });
export type TraineeEdit = z.output<ReturnType<typeof traineeEditSchema>>;
const traineeEditSchemaOf = schemaOfTheDay(traineeEditSchema);
const traineeInputSchemaOf = schemaOfTheDay(traineeInputSchema);
export const parseTraineeEdit = (input: unknown, today: IsoDate): TraineeEdit => parseInput(traineeEditSchemaOf(today), input);
export const parseTraineeInput = (input: unknown, today: IsoDate): TraineeInput => parseInput(traineeInputSchemaOf(today), input);

export const traineeWarnings = (input: TraineeInput): ConfirmableWarning[] => (input.bankAccount ? atField('bankAccount', bankCardWarnings(input.bankAccount, '银行账号')) : []);

/** The person as events carry them: personal data protected, facts derived from the ID number kept. */
export interface TraineePerson {
  name: string;
  idNumber: ProtectedValue;
  birthDate: string;
  sex: Sex;
  regionCode: string;
  personCategory: string;
  phone: ProtectedValue;
  bankAccount: ProtectedValue | null;
}

/** Facts the ID number gives, computed before it is encrypted. */
export const idNumberFacts = (idNumber: string) => {
  const info = describeIdNumber(idNumber);
  return { birthDate: info.birthDate, sex: info.sex, regionCode: info.regionCode };
};

export const samePerson = (a: TraineePerson, b: TraineePerson) =>
  a.name === b.name &&
  a.idNumber.blindIndex === b.idNumber.blindIndex &&
  a.personCategory === b.personCategory &&
  a.phone.blindIndex === b.phone.blindIndex &&
  (a.bankAccount?.blindIndex ?? null) === (b.bankAccount?.blindIndex ?? null);
