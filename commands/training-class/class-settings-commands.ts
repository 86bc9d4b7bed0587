// The three records the provincial authority keeps for classes, each a stream of its own whose
// every change is an event with its reason: the working-day calendar (工作日历), the subsidy
// eligibility policy (补贴资格政策) and the settings per training kind (培训类型设置). Commands read
// them straight from their streams (they are few events), so a deadline is checked against the
// calendar as it stands at that moment, never a lagging copy.
import { calendarDecider, PROVINCE_CALENDAR_STREAM, type CalendarCommand } from '../../domain/calendar/calendar';
import { SHIPPED_HOLIDAY_NOTICES } from '../../domain/calendar/china-holidays';
import type { WorkingDayCalendar } from '../../domain/calendar/working-days';
import { ForbiddenError, ValidationError } from '../../domain/shared/errors';
import { TRAINING_KINDS, type TrainingKind } from '../../domain/training-class/class-details';
import { settingsFor, TRAINING_KIND_SETTINGS_STREAM, trainingKindSettingsDecider, type TrainingKindSettings } from '../../domain/training-class/class-settings';
import { ELIGIBILITY_POLICY_STREAM, eligibilityPolicyDecider, type PolicyInForce } from '../../domain/training-class/eligibility';
import type { EventStore } from '../../store/event-store/event-store';
import { loadState } from '../../store/fold';
import type { OrganizationDirectory } from '../organization/organization-commands';
import { handleCommand } from '../pipeline/handle-command';
import type { RequestContext } from '../pipeline/request-context';

/** Reads of the three records, as every class command needs them. */
export function classReferenceData(store: EventStore) {
  const settingsState = () => loadState(store, trainingKindSettingsDecider, TRAINING_KIND_SETTINGS_STREAM);
  return {
    calendarState: () => loadState(store, calendarDecider, PROVINCE_CALENDAR_STREAM),
    async calendar(): Promise<WorkingDayCalendar> {
      return (await loadState(store, calendarDecider, PROVINCE_CALENDAR_STREAM)).days;
    },
    async settings(kind: TrainingKind): Promise<TrainingKindSettings> {
      return settingsFor(await settingsState(), kind);
    },
    async allSettings(): Promise<Record<TrainingKind, TrainingKindSettings>> {
      const state = await settingsState();
      return Object.fromEntries(TRAINING_KINDS.map((kind) => [kind, settingsFor(state, kind)])) as Record<TrainingKind, TrainingKindSettings>;
    },
    policy: (): Promise<PolicyInForce> => loadState(store, eligibilityPolicyDecider, ELIGIBILITY_POLICY_STREAM),
  };
}

export type ClassReferenceData = ReturnType<typeof classReferenceData>;

export function classSettingsCommands(deps: { store: EventStore; organizations: OrganizationDirectory }) {
  const { store } = deps;
  /** The domain knows no organisation tree: here the actor must be the provincial authority itself. */
  const requireProvince = async (request: RequestContext, what: string) => {
    const orgId = request.actor.orgId;
    if (!orgId || (await deps.organizations.reviewAuthoritiesFor(orgId)).province !== orgId) throw new ForbiddenError(`只有省级人力资源社会保障部门可以${what}`);
  };
  const calendar = async (command: CalendarCommand, request: RequestContext) => {
    await requireProvince(request, '维护工作日历');
    return handleCommand(store, calendarDecider, PROVINCE_CALENDAR_STREAM, command, request);
  };
  return {
    async changeKindSettings(kind: string, settings: unknown, reason: string, request: RequestContext) {
      await requireProvince(request, '修改培训类型设置');
      return handleCommand(store, trainingKindSettingsDecider, TRAINING_KIND_SETTINGS_STREAM, { type: 'ChangeTrainingKindSettings', kind: kind as TrainingKind, settings, reason }, request);
    },
    async changeEligibilityPolicy(policy: unknown, reason: string, request: RequestContext) {
      await requireProvince(request, '修改补贴资格政策');
      return handleCommand(store, eligibilityPolicyDecider, ELIGIBILITY_POLICY_STREAM, { type: 'ChangeEligibilityPolicy', policy, reason }, request);
    },
    setCalendarDay: (day: unknown, reason: string, request: RequestContext) => calendar({ type: 'SetCalendarDay', day, reason }, request),
    clearCalendarDay: (date: string, reason: string, request: RequestContext) => calendar({ type: 'ClearCalendarDay', date, reason }, request),
    /** Imports a year's State Council notice as this release ships it (china-holidays.ts); a repeat changes nothing. */
    importShippedHolidays(year: number, request: RequestContext) {
      const notice = SHIPPED_HOLIDAY_NOTICES.find((n) => n.year === year);
      if (!notice) throw new ValidationError([{ field: 'year', message: `本版本未内置${year}年的节假日安排，请逐日设置` }]);
      return calendar({ type: 'ImportHolidayNotice', notice }, request);
    },
  };
}

export type ClassSettingsCommands = ReturnType<typeof classSettingsCommands>;
