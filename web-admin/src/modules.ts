// The console's modules, in menu order: routes.ts assembles the pages inside the layout and the
// side menu from this list. Adding a module: its folder under views/ with a module.ts (see
// router/console-module.ts), and one line here.
import type { ConsoleModule } from '@/router/console-module';
import audit from '@/views/audit/module';
import capture from '@/views/capture/module';
import dictionary from '@/views/dictionary/module';
import fund from '@/views/fund/module';
import paymentBatch from '@/views/payment-batch/module';
import reconciliation from '@/views/reconciliation/module';
import personalSubsidy from '@/views/personal-subsidy/module';
import identity from '@/views/identity/module';
import importing from '@/views/import/module';
import institution from '@/views/institution/module';
import monitor from '@/views/monitor/module';
import notice from '@/views/notice/module';
import occupation from '@/views/occupation/module';
import organization from '@/views/organization/module';
import review from '@/views/review/module';
import teacher from '@/views/teacher/module';
import technicalSchool from '@/views/technical-school/module';
import major from '@/views/major/module';
import schoolTeacher from '@/views/school-teacher/module';
import student from '@/views/student/module';
import studentExchange from '@/views/student-exchange/module';
import schoolAid from '@/views/school-aid/module';
import diplomaPhoto from '@/views/diploma-photo/module';
import diplomaStock from '@/views/diploma-stock/module';
import employment from '@/views/employment/module';
import schoolStatistics from '@/views/school-statistics/module';
import subsidyApplication from '@/views/subsidy-application/module';
import subsidyStandard from '@/views/subsidy-standard/module';
import timeline from '@/views/timeline/module';
import trainee from '@/views/trainee/module';
import trainingClass from '@/views/training-class/module';
import voucher from '@/views/voucher/module';

export const consoleModules: readonly ConsoleModule[] = [
  notice,
  review,
  occupation,
  institution,
  teacher,
  trainee,
  technicalSchool,
  major,
  schoolTeacher,
  student,
  studentExchange,
  schoolAid,
  diplomaStock,
  diplomaPhoto,
  employment,
  schoolStatistics,
  trainingClass,
  subsidyStandard,
  fund,
  reconciliation,
  subsidyApplication,
  personalSubsidy,
  paymentBatch,
  voucher,
  capture,
  importing,
  dictionary,
  timeline,
  organization,
  identity,
  monitor,
  audit,
];
