// The read side as the command layer's ports see it (commands never read read-model tables):
// each directory is implemented in projections/<module> and checked here against its port.
import type { Knex } from 'knex';
import type { AttendanceCaptureFacts } from '../commands/capture/attendance-facts';
import type { PersonIdentityDirectory } from '../commands/capture/person-identity';
import type { ReferenceFaceDirectory } from '../commands/face/reference-face-directory';
import type { AuthorityDirectory } from '../commands/fund/authority-directory';
import type { FundList } from '../commands/fund/fund-list';
import type { FundingDirectory } from '../commands/subsidy-application/funding-directory';
import type { PayableApplications } from '../commands/payment-batch/payables';
import type { IdentityDirectory } from '../commands/identity/identity-directory';
import type { ImportQueue } from '../commands/import/import-queue';
import type { InstitutionDirectory } from '../commands/institution/institution-directory';
import type { OrganizationDirectory } from '../commands/organization/organization-commands';
import type { StudentDirectory } from '../commands/student/student-directory';
import type { TechnicalSchoolDirectory } from '../commands/technical-school/technical-school-directory';
import type { TeacherDirectory } from '../commands/teacher/teacher-directory';
import type { TraineeDirectory } from '../commands/trainee/trainee-directory';
import type { TrainingClassDirectory } from '../commands/training-class/training-class-directory';
import { attendanceCaptureFacts } from '../projections/capture/attendance-facts';
import { personIdentityDirectory } from '../projections/capture/person-identity';
import { referenceFaceDirectory } from '../projections/capture/reference-faces-table';
import { authorityDirectory } from '../projections/fund/authority-directory';
import { fundList } from '../projections/fund/fund-list';
import { fundingDirectory } from '../projections/subsidy-application/funding-directory';
import { payableApplications } from '../projections/subsidy-application/payables';
import { identityDirectory } from '../projections/identity/identity-directory';
import { importQueue } from '../projections/import/import-queue';
import { institutionDirectory } from '../projections/institution/institution-directory';
import { organizationDirectory } from '../projections/organization/organizations-table';
import { studentDirectory } from '../projections/student/student-records';
import { technicalSchoolDirectory } from '../projections/technical-school/technical-school-directory';
import { teacherDirectory } from '../projections/teacher/teacher-directory';
import { traineeDirectory } from '../projections/trainee/trainee-directory';
import { trainingClassDirectory } from '../projections/training-class/training-class-directory';

export interface PlatformDirectories {
  organizations: OrganizationDirectory;
  institutions: InstitutionDirectory;
  trainees: TraineeDirectory;
  teachers: TeacherDirectory;
  identity: IdentityDirectory;
  imports: ImportQueue;
  technicalSchools: TechnicalSchoolDirectory;
  students: StudentDirectory;
  trainingClasses: TrainingClassDirectory;
  referenceFaces: ReferenceFaceDirectory;
  personIdentities: PersonIdentityDirectory;
  /** The capture module's counting captures and confirmed exclusions, for the class's completion and subsidy claims. */
  attendanceCaptures: AttendanceCaptureFacts;
  authorities: AuthorityDirectory;
  fundList: FundList;
  funding: FundingDirectory;
  payables: PayableApplications;
}

export const platformDirectories = (knex: Knex): PlatformDirectories => ({
  organizations: organizationDirectory(knex),
  institutions: institutionDirectory(knex),
  trainees: traineeDirectory(knex),
  teachers: teacherDirectory(knex),
  identity: identityDirectory(knex),
  imports: importQueue(knex),
  technicalSchools: technicalSchoolDirectory(knex),
  students: studentDirectory(knex),
  trainingClasses: trainingClassDirectory(knex),
  referenceFaces: referenceFaceDirectory(knex),
  personIdentities: personIdentityDirectory(knex),
  attendanceCaptures: attendanceCaptureFacts(knex),
  authorities: authorityDirectory(knex),
  fundList: fundList(knex),
  funding: fundingDirectory(knex),
  payables: payableApplications(knex),
});
