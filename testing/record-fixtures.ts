// Records as their events carry them, for projection specs that decide events with the module's
// decider: personal data already protected (a fake ciphertext, a blind index unique to the test,
// the masked form), so no key is needed. Nothing here is a real person's data.
import { randomUUID } from 'node:crypto';
import type { CommandContext } from '../domain/shared/decider';
import type { InstitutionDetails } from '../domain/institution/institution-details';
import type { ProtectedValue } from '../domain/personal-data/protected-value';
import type { TeacherProfile } from '../domain/teacher/teacher-input';
import type { TraineePerson } from '../domain/trainee/trainee-input';

/** A protected value whose blind index no other test uses (the read models index it uniquely). */
export const protectedValue = (masked: string): ProtectedValue => ({ cipher: `pii1.test.${randomUUID()}`, blindIndex: `bi1.test.${randomUUID()}`, masked });

/** Who acts, and when: the command context a decider takes. */
export const actor = (id: string, orgId: string | null, now: string, role = 'tester'): CommandContext => ({ actor: { id, role, orgId }, now });

export const institutionDetails = (name: string, supervisingAuthorityId: string, overrides: Partial<InstitutionDetails> = {}): InstitutionDetails => ({
  name,
  supervisingAuthorityId,
  registeredAddress: '贵阳市南明区花果园',
  schoolAddress: '贵阳市南明区花果园R1区',
  legalPersonName: '王建国',
  legalPersonIdNumber: protectedValue('520102********1234'),
  trainingHead: '李娜',
  phone: protectedValue('138****1234'),
  occupationScope: [{ code: '4-03-02-01', name: '中式烹调师' }],
  nature: 'private',
  category: 'ordinary',
  categoryTags: [],
  designated: true,
  recognitionDate: '2024-03-01',
  approvalDate: '2024-03-01',
  validUntil: '2030-12-31',
  scale: 300,
  floorArea: 800,
  bankAccount: protectedValue('6222***********3445'),
  bankAccountName: name,
  licenceNumber: '教民152010270001',
  documents: [{ fileId: 'f1', name: '办学许可证.pdf', kind: 'licence' }],
  creditCode: '52520102MJ0000000X',
  ...overrides,
});

export const traineePerson = (name: string, overrides: Partial<TraineePerson> = {}): TraineePerson => ({
  name,
  idNumber: protectedValue('520102********1224'),
  birthDate: '1998-05-06',
  sex: 'female',
  regionCode: '520102',
  personCategory: 'rural_migrant',
  phone: protectedValue('138****8000'),
  bankAccount: null,
  ...overrides,
});

export const teacherProfile = (name: string, overrides: Partial<TeacherProfile> = {}): TeacherProfile => ({
  name,
  idNumber: protectedValue('520102********0016'),
  birthDate: '1985-03-15',
  sex: 'male',
  fullTime: true,
  subjects: ['中式烹调'],
  level: 'senior',
  trainingQualification: '',
  yearsTeaching: 12,
  trainingHistory: [],
  ...overrides,
});
