// One institution: its values in force beside those under review, its annual reviews, review
// history and timeline, and what the user may do now (edit, submit, decide, annual review, revoke).
import { ElMessage } from 'element-plus';
import { computed } from 'vue';
import { toConsoleError } from '@/api/errors';
import { can } from '@/auth/permission';
import { openDialog } from '@/components/dialog/dialog-service';
import type { RecordTab } from '@/components/record/record-tabs';
import { useRecordPage } from '@/components/record/use-record-page';
import { InstitutionDocument } from '@/graphql/generated';
import { useSessionStore } from '@/stores/session';
import { useDict } from '@/utils/dict';
import { downloadFile } from '@/utils/download';
import { useRecordReview } from '../../review/useRecordReview';
import InstitutionFormDialog from '../InstitutionFormDialog.vue';
import type { InstitutionFormResult } from '../types';
import SuperviseDialog from './SuperviseDialog.vue';

export function useInstitutionRecord(id: () => string) {
  const session = useSessionStore();
  // The name under review when there is one: the record as it will read once approved.
  const page = useRecordPage(InstitutionDocument, () => ({ id: id() }), (r) => r.institution, (r) => r.pending?.name ?? r.name);
  const { record, title } = page;
  const tabs = computed<RecordTab[]>(() => [{ name: 'annual', label: `年审记录（${record.value?.annualReviews.length ?? 0}）` }]);

  const own = computed(() => record.value?.id === session.me?.orgId);
  const mayEdit = computed(() => can({ allOf: ['institution:register'] }) || (own.value && can({ allOf: ['institution:edit'] })));
  const review = useRecordReview(() =>
    record.value && {
      streamId: record.value.streamId,
      title: title.value,
      reviewStatus: record.value.reviewStatus,
      hasPending: Boolean(record.value.pending),
      submittedByUser: mayEdit.value,
    },
  );
  const canEdit = computed(() => mayEdit.value && record.value?.reviewStatus !== 'pending' && record.value?.lifecycle !== 'revoked');
  const supervises = computed(() => can({ allOf: ['institution:supervise'] }));
  const canAnnualReview = computed(() => supervises.value && record.value?.nature === 'private' && ['active', 'suspended'].includes(record.value?.lifecycle ?? ''));
  const canRevoke = computed(() => supervises.value && ['active', 'suspended'].includes(record.value?.lifecycle ?? ''));

  async function edit() {
    const r = record.value;
    const current = r?.pending ?? r?.effective;
    if (!r || !current) return;
    const saved = await openDialog<InstitutionFormResult>(InstitutionFormDialog, {
      mode: 'edit',
      id: r.id,
      initial: {
        name: current.name,
        creditCode: current.creditCode,
        supervisingAuthorityId: current.supervisingAuthorityId,
        nature: current.nature,
        category: current.category,
        categoryTags: [...current.categoryTags],
        designated: current.designated,
        registeredAddress: current.registeredAddress,
        schoolAddress: current.schoolAddress,
        legalPersonName: current.legalPersonName,
        // Personal data is held masked: it is entered again in full.
        legalPersonIdNumber: '',
        trainingHead: current.trainingHead,
        phone: '',
        licenceNumber: current.licenceNumber,
        recognitionDate: current.recognitionDate,
        approvalDate: current.approvalDate,
        validUntil: current.validUntil,
        scale: current.scale,
        floorArea: current.floorArea,
        bankAccount: '',
        bankAccountName: current.bankAccountName,
        occupationScope: current.occupationScope.map((o) => ({ code: o.code, name: o.name })),
        documents: current.documents.map((d) => ({ kind: d.kind, name: d.name, fileId: d.fileId })),
      },
      masked: { legalPersonIdNumber: current.legalPersonIdNumber, phone: current.phone, bankAccount: current.bankAccount },
      canSubmit: false,
    });
    if (saved) await review.refetchAfterWrite();
  }

  async function supervise(mode: 'annual' | 'revoke') {
    const r = record.value;
    if (!r) return;
    const done = await openDialog<boolean>(SuperviseDialog, { mode, id: r.id, name: r.name });
    if (done) {
      await review.refetchAfterWrite();
      if (mode === 'annual') page.tab.value = 'annual';
    }
  }

  /** The documents of the version under review, else of the one in force. */
  const documentKinds = useDict('document_kind');
  const documents = computed(() => (record.value?.pending ?? record.value?.effective)?.documents ?? []);
  async function downloadDocument(fileId: string, name: string) {
    try {
      await downloadFile(`/files/${encodeURIComponent(fileId)}`, name);
    } catch (e) {
      ElMessage.error(`下载失败：${toConsoleError(e).message}`);
    }
  }

  return { page, tabs, review, canEdit, canAnnualReview, canRevoke, documents, documentKinds, edit, supervise, downloadDocument };
}
