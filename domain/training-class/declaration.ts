// 班级申报: the institution declares the class with its roster, teachers, timetable, teaching plan,
// resources and assessment plan, at least N working days (a setting of the kind, 5 by default)
// before the start, counted on the working-day calendar. The declaration is then reviewed; its
// approval opens the class (开班). A start that was not declared in time is refused here.
import { latestDayBefore } from '../calendar/working-days';
import { chinaDate } from '../personal-data/normalize';
import type { CommandContext } from '../shared/decider';
import { RuleViolationError, ValidationError } from '../shared/errors';
import type { TrainingClassCommand } from './commands';
import type { TrainingClassEvent } from './events';
import { requireClass, requireInstitution, requireNotBarred, requirePreparing } from './guards';
import { activeRoster, assertSessionTeachersAssigned, checkTeacherStanding } from './participants';
import type { TrainingClassState } from './state';
import { timetableTotals } from './timetable';

type Command = Extract<TrainingClassCommand, { type: 'DeclareTrainingClass' }>;

export function declare(command: Command, state: TrainingClassState, context: CommandContext): TrainingClassEvent[] {
  const s = requireClass(state);
  requireInstitution(s, context);
  const c = requirePreparing(s, '申报');
  if (!command.institution.canOperate) throw new RuleViolationError('本机构未生效、已暂停或已撤销，不能申报开班', 'training_class.institution_inactive');
  const { details } = c;
  const { settings, declaration } = command;
  requireNotBarred(command.institution, details, chinaDate(context.now), '申报开班');

  if (c.timetable.length === 0) throw new RuleViolationError('请先编排课程表再申报', 'training_class.no_timetable');
  if (c.teachers.length === 0) throw new RuleViolationError('请先选配教师再申报', 'training_class.no_teachers');
  assertSessionTeachersAssigned(c.timetable, c.teachers);
  for (const teacher of c.teachers) {
    const standing = command.teachers[teacher.teacherId];
    if (!standing) throw new Error(`teacher standing lacks ${teacher.teacherId}: the command layer must look up every assigned teacher`);
    checkTeacherStanding(teacher.name, standing);
  }
  const enrolled = activeRoster(c.roster).length;
  if (enrolled < details.minSize) throw new RuleViolationError(`已报名${enrolled}人，少于最少开班人数${details.minSize}人，不能申报`, 'training_class.too_few');

  const totals = timetableTotals(c.timetable, settings.minutesPerClassHour);
  const plan = declaration.teachingPlan;
  if (totals.classHours < plan.totalHours) {
    throw new ValidationError([
      { field: 'teachingPlan.totalHours', message: `教学计划为${plan.totalHours}学时，课程表只安排了${totals.classHours}学时（每学时${settings.minutesPerClassHour}分钟），请补足课程或核对教学计划` },
    ]);
  }
  if (declaration.assessmentPlan.plannedDate < details.plannedStart) {
    throw new ValidationError([{ field: 'assessmentPlan.plannedDate', message: `考核日期（${declaration.assessmentPlan.plannedDate}）不能早于开班日期（${details.plannedStart}）` }]);
  }

  const today = chinaDate(context.now);
  const lead = settings.declarationLeadWorkingDays;
  const latest = latestDayBefore(command.calendar, details.plannedStart, lead);
  if (today > latest) {
    throw new RuleViolationError(
      `计划开班日期为${details.plannedStart}，须至少提前${lead}个工作日申报（按工作日历，节假日不计，最晚申报日为${latest}）；今天（${today}）申报已逾期，请推迟开班日期后再申报`,
      'training_class.declaration_too_late',
    );
  }
  return [{ type: 'TrainingClassDeclared', data: { declaration: { ...declaration, declaredOn: today, latestDeclarationDate: latest, leadWorkingDays: lead, totals } } }];
}
