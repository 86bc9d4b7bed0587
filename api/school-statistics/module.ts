// 技工院校统计 (requirement 9(11), 9(10)): statistics of students in school, aid and graduates'
// employment, kept as counters per school by the projection runner and summed under data scope.
import { schoolStatisticsProjection } from '../../projections/school-statistics/school-statistics';
import { defineModule } from '../module';
import { schoolStatisticsResolvers, schoolStatisticsTypeDefs } from './school-statistics-graphql';
import { aidStatisticsExport, employmentStatisticsExport, studentStatisticsExport } from './statistics-export';

export const schoolStatisticsModule = defineModule({
  name: 'school-statistics',
  label: '技工院校统计',
  projections: [schoolStatisticsProjection],
  graphql: [{ typeDefs: schoolStatisticsTypeDefs, resolvers: schoolStatisticsResolvers }],
  exports: { 'student-statistics': studentStatisticsExport, 'aid-statistics': aidStatisticsExport, 'employment-statistics': employmentStatisticsExport },
  permissions: ['student:read'],
});
