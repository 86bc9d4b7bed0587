// One training class: its details with the approved and pending values, its tabs, and what the
// user may do now. The class's institution prepares it (details, teachers, timetable, roster),
// declares it, and after approval changes it only by change requests; it starts the class, enters
// attendance marks, assessment results and follow-up, and requests completion. The reviewing
// authority decides through the shared review actions, and may suspend, resume or cancel. The
// conditions mirror the domain's rules only to decide which buttons show; the server decides.
import { useApolloClient, useMutation, useQuery } from '@vue/apollo-composable';
import { ElMessage, ElMessageBox } from 'element-plus';
import { computed } from 'vue';
import { toConsoleError } from '@/api/errors';
import { rememberWrite } from '@/api/read-after';
import { can } from '@/auth/permission';
import { openDialog } from '@/components/dialog/dialog-service';
import type { RecordTab } from '@/components/record/record-tabs';
import { useRecordPage } from '@/components/record/use-record-page';
import {
  CancelTrainingClassDocument,
  DiscardTrainingClassChangeDocument,
  ResumeTrainingClassDocument,
  StartTrainingClassDocument,
  SuspendTrainingClassDocument,
  TrainingClassAttendanceDocument,
  TrainingClassDocument,
  TrainingClassesDocument,
  TrainingKindSettingsDocument,
} from '@/graphql/generated';
import { useSessionStore } from '@/stores/session';
import { newCommandId } from '@/utils/format';
import { useRecordReview } from '../../review/useRecordReview';
import ClassFormDialog from '../ClassFormDialog.vue';
import type { ClassFormResult, EditMode, TrainingClassRecord } from '../types';
import DeclareDialog from './DeclareDialog.vue';
import ReasonDialog from './ReasonDialog.vue';
import type { ReasonDialogProps } from './record-types';

/** What a tab may offer the user, worked out once for the whole page. */
export interface ClassAccess {
  /** The user acts for the class's institution (training-class:manage on its own class). */
  own: boolean;
  /** How the roster, teachers and timetable change now: directly (before opening), by change request (open), or not at all. */
  editMode: EditMode | null;
  /** Attendance marks, assessment results and completion (a running class whose completion is not under review). */
  running: boolean;
  /** Follow-up records (a completed class). */
  completed: boolean;
  /** Whether change requests may be submitted at once (review:submit). */
  canSubmit: boolean;
}


export function useTrainingClassRecord(id: () => string) {
  const session = useSessionStore();
  const page = useRecordPage(TrainingClassDocument, () => ({ id: id() }), (r) => r.trainingClass, (r) => `${r.name}（${r.classNo}）`);
  const { record, title } = page;
  const { resolveClient } = useApolloClient();

  const status = computed(() => record.value?.status ?? '');
  const reviewStatus = computed(() => record.value?.reviewStatus ?? '');
  const underReview = computed(() => reviewStatus.value === 'pending');
  const own = computed(() => can({ allOf: ['training-class:manage'] }) && record.value?.institutionId === session.me?.orgId);
  const supervises = computed(() => can({ allOf: ['training-class:supervise'] }));
  const preparing = computed(() => ['draft', 'declared'].includes(status.value) && !underReview.value);
  const opened = computed(() => ['approved', 'in_progress'].includes(status.value) && !underReview.value && !record.value?.completionRequest);

  const access = computed<ClassAccess>(() => ({
    own: own.value,
    editMode: !own.value ? null : preparing.value ? 'direct' : opened.value ? 'change' : null,
    running: own.value && status.value === 'in_progress' && !(record.value?.reviewSubject === 'completion' && underReview.value),
    completed: own.value && status.value === 'completed',
    canSubmit: can({ allOf: ['review:submit'] }),
  }));

  // The shared review actions; after each, this page's queries are read again as well.
  const base = useRecordReview(() => {
    const r = record.value;
    return (
      r && {
        streamId: r.streamId,
        title: title.value,
        reviewStatus: r.reviewStatus,
        // A declaration and a completion are submitted by their own commands (their checks need
        // lookups); only a change request is submitted with the plain 提交审核.
        hasPending: Boolean(r.change) && r.reviewSubject === 'change',
        submittedByUser: own.value,
        decidedByUser: r.reviewAuthorityId === session.me?.orgId,
      }
    );
  });
  async function refetchAfterWrite() {
    await Promise.all([
      base.refetchAfterWrite(),
      resolveClient().refetchQueries({ include: [TrainingClassDocument, TrainingClassesDocument, TrainingClassAttendanceDocument] }),
    ]);
  }
  const review = {
    ...base,
    async submitForReview() {
      await base.submitForReview();
      await refetchAfterWrite();
    },
    async withdrawReview() {
      await base.withdrawReview();
      await refetchAfterWrite();
    },
    async decideOn(decision: Parameters<typeof base.decideOn>[0]) {
      if (await base.decideOn(decision)) await refetchAfterWrite();
      return undefined;
    },
  };

  // The rule a declaration is held to, shown before it is made.
  const { result: settingsResult } = useQuery(TrainingKindSettingsDocument, null, { fetchPolicy: 'cache-first' });
  const kindSettings = computed(() => settingsResult.value?.trainingKindSettings.find((s) => s.kind === record.value?.kind));

  const tabs = computed<RecordTab[]>(() => {
    const r = record.value;
    const pending = r?.pending;
    const active = (r?.roster ?? []).filter((p) => !p.withdrawn).length;
    return [
      { name: 'timetable', label: `课程表（${(pending?.timetable ?? r?.timetable ?? []).length}）` },
      { name: 'roster', label: `学员名册（${active}）` },
      { name: 'teachers', label: `选配教师（${(pending?.teachers ?? r?.teachers ?? []).length}）` },
      { name: 'attendance', label: '出勤', lazy: true },
      { name: 'completion', label: '考核与结业' },
      { name: 'certificates', label: `证书（${r?.completion?.certificates.length ?? 0}）` },
      { name: 'followUp', label: r?.overdueFollowUps.length ? `后续跟踪（逾期 ${r.overdueFollowUps.length}）` : '后续跟踪' },
      { name: 'inspections', label: `检查记录（${r?.inspections.length ?? 0}）` },
    ];
  });

  const canEdit = computed(() => own.value && preparing.value);
  const canDeclare = computed(() => own.value && preparing.value && can({ allOf: ['review:submit'] }));
  const canStart = computed(() => own.value && status.value === 'approved' && !underReview.value);
  const canSuspend = computed(() => supervises.value && ['approved', 'in_progress'].includes(status.value));
  const canResume = computed(() => supervises.value && status.value === 'suspended');
  const canCancel = computed(
    () => (own.value && ['draft', 'declared', 'approved'].includes(status.value) && !underReview.value) || (supervises.value && ['approved', 'in_progress', 'suspended'].includes(status.value)),
  );
  const canDiscardChange = computed(() => own.value && Boolean(record.value?.change) && !underReview.value);

  async function edit() {
    const r = record.value;
    if (!r) return;
    const saved = await openDialog<ClassFormResult>(ClassFormDialog, {
      mode: 'edit',
      id: r.id,
      initial: {
        name: r.name,
        kind: r.kind,
        subKind: r.subKind ?? '',
        occupationKey: r.occupation ? `${r.occupation.code}|${r.occupation.level}` : '',
        plannedStart: r.plannedStart,
        plannedEnd: r.plannedEnd,
        minSize: r.minSize,
        maxSize: r.maxSize,
        address: r.venue.address,
        countyCode: r.venue.countyCode,
        latitude: r.venue.latitude,
        longitude: r.venue.longitude,
        fundingSource: r.fundingSource,
        targetTier: r.targetTier ?? '',
      },
      currentOccupation: r.occupation,
    });
    if (saved) await refetchAfterWrite();
  }

  async function declare() {
    const r = record.value;
    if (!r) return;
    const done = await openDialog<boolean>(DeclareDialog, { record: r, settings: kindSettings.value ?? null });
    if (done) await refetchAfterWrite();
  }

  const { mutate: startClass } = useMutation(StartTrainingClassDocument);
  async function start() {
    const r = record.value;
    if (!r) return;
    const confirmed = await ElMessageBox.confirm(`确认“${r.name}”今天开始培训？开始后名册、教师和课程表的调整须申请变更。`, '开始培训', {
      type: 'warning',
      confirmButtonText: '开始培训',
      cancelButtonText: '取消',
    }).catch(() => false);
    if (!confirmed) return;
    try {
      rememberWrite((await startClass({ id: r.id, commandId: newCommandId() }))?.data?.startTrainingClass);
      ElMessage.success('已开始培训');
      await refetchAfterWrite();
    } catch (e) {
      ElMessage.error(toConsoleError(e).message);
    }
  }

  const { mutate: suspendClass } = useMutation(SuspendTrainingClassDocument);
  const { mutate: resumeClass } = useMutation(ResumeTrainingClassDocument);
  const { mutate: cancelClass } = useMutation(CancelTrainingClassDocument);
  const { mutate: discard } = useMutation(DiscardTrainingClassChangeDocument);

  /** A command that needs only a reason, through the reason dialog; the page is read again after it. */
  async function withReason(options: Omit<ReasonDialogProps, 'send'>, send: ReasonDialogProps['send']) {
    const done = await openDialog<boolean>(ReasonDialog, { ...options, send } satisfies ReasonDialogProps);
    if (done) await refetchAfterWrite();
  }
  const classId = () => record.value!.id;
  const suspend = () =>
    withReason({ title: '暂停培训', label: '暂停原因', confirmText: '确认暂停', danger: true, notice: '暂停期间不能开始培训、标记出勤和审核通过结业，恢复后继续。', done: '已暂停培训' }, async (reason, commandId) =>
      (await suspendClass({ id: classId(), reason, commandId }))?.data?.suspendTrainingClass,
    );
  const resume = () =>
    withReason({ title: '恢复培训', label: '恢复原因', confirmText: '确认恢复', done: '已恢复培训' }, async (reason, commandId) => (await resumeClass({ id: classId(), reason, commandId }))?.data?.resumeTrainingClass);
  const cancel = () =>
    withReason(
      { title: '取消班级', label: '取消原因', confirmText: '确认取消班级', danger: true, notice: '取消后班级不能恢复，已报名人员的课次同时释放。', done: '已取消班级' },
      async (reason, commandId) => (await cancelClass({ id: classId(), reason, commandId }))?.data?.cancelTrainingClass,
    );
  const discardChange = () =>
    withReason({ title: '放弃变更申请', label: '放弃原因', confirmText: '放弃变更', danger: true, done: '已放弃变更申请' }, async (reason, commandId) =>
      (await discard({ id: classId(), reason, commandId }))?.data?.discardTrainingClassChange,
    );

  return {
    page,
    tabs,
    review,
    access,
    kindSettings,
    canEdit,
    canDeclare,
    canStart,
    canSuspend,
    canResume,
    canCancel,
    canDiscardChange,
    edit,
    declare,
    start,
    suspend,
    resume,
    cancel,
    discardChange,
    refetchAfterWrite,
  };
}

export type { TrainingClassRecord };
