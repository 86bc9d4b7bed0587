// The list of modules the platform is assembled from (api/module.ts). Adding a module = its
// folders in each layer and one line here. Order matters only for the projection runner's start.
import { aidStandardModule } from './aid-standard/module';
import { auditModule } from './audit/module';
import { sessionModule } from './auth/module';
import { captureModule, captureSignalModule } from './capture/module';
import { dictionaryModule } from './dictionary/module';
import { employmentModule } from './employment/module';
import { diplomaPhotoModule } from './diploma-photo/module';
import { diplomaStockModule } from './diploma-stock/module';
import { fundModule } from './fund/module';
import { userModule } from './identity/module';
import { importModule } from './import/module';
import { jobModule } from './jobs/module';
import { monitorModule } from './health/module';
import { noticeModule } from './notice/module';
import { institutionModule } from './institution/module';
import { majorModule } from './major/module';
import { occupationModule } from './occupation/module';
import { organizationModule } from './organization/module';
import { ledgerModule, personalDataModule, searchModule, timelineModule } from './platform-surfaces';
import { reviewModule } from './review/module';
import { schoolAidModule } from './school-aid/module';
import { schoolStatisticsModule } from './school-statistics/module';
import { schoolTeacherModule } from './school-teacher/module';
import { schoolWindowModule } from './school-window/module';
import { studentExchangeModule } from './student-exchange/module';
import { studentModule } from './student/module';
import { paymentBatchModule } from './payment-batch/module';
import { personalSubsidyModule } from './personal-subsidy/module';
import { subsidyApplicationModule } from './subsidy-application/module';
import { subsidyStandardModule } from './subsidy-standard/module';
import { teacherModule } from './teacher/module';
import { technicalSchoolModule } from './technical-school/module';
import { traineeModule } from './trainee/module';
import { trainingClassModule } from './training-class/module';
import { voucherModule } from './voucher/module';

export const MODULES = [
  organizationModule,
  userModule,
  dictionaryModule,
  occupationModule,
  institutionModule,
  traineeModule,
  teacherModule,
  technicalSchoolModule,
  schoolWindowModule,
  majorModule,
  schoolTeacherModule,
  studentModule,
  studentExchangeModule,
  aidStandardModule,
  schoolAidModule,
  diplomaStockModule,
  diplomaPhotoModule,
  employmentModule,
  schoolStatisticsModule,
  trainingClassModule,
  subsidyStandardModule,
  fundModule,
  subsidyApplicationModule,
  personalSubsidyModule,
  paymentBatchModule,
  voucherModule,
  captureModule, captureSignalModule,
  reviewModule,
  auditModule,
  importModule,
  searchModule,
  timelineModule,
  ledgerModule,
  personalDataModule,
  sessionModule,
  noticeModule,
  jobModule,
  monitorModule,
] as const;
