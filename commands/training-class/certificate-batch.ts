// 结业及证书打印: a completed class's training certificates (培训合格证书) printed as one PDF, a page
// per completer (commands/certificate/certificate-pdf.ts), stored through the file port and
// recorded on the class (TrainingClassCertificatesPrinted). The file's id may be fixed by the caller
// (the completion process derives it from the completion event): a repeated print then keeps the
// file first stored under it and records nothing new. A reprint under a new id is a new print.
// (The PDF carries its creation time: content-addressed blobs of two prints never coincide.)
import { Readable } from 'node:stream';
import { SKILL_LEVEL_LABELS } from '../../domain/occupation/occupation-details';
import { RuleViolationError } from '../../domain/shared/errors';
import { ENTREPRENEURSHIP_SUB_KIND_LABELS, TRAINING_KIND_LABELS } from '../../domain/training-class/class-details';
import type { CompletedClass } from '../../domain/training-class/state';
import { renderCertificates, type CertificateData } from '../certificate/certificate-pdf';
import type { RequestContext } from '../pipeline/request-context';
import type { FileService } from '../storage/files';
import type { ClassRunner } from './class-runner';
import type { TrainingClassDirectory } from './training-class-directory';

/** A class of 1,000 pages is about 3 MB; far above any real class. */
const MAX_PDF_BYTES = 64 * 1024 * 1024;

/** What each certificate of the class prints: the class's own facts, the completer's name and masked ID number. */
export function certificateData(state: CompletedClass, institutionName: string): CertificateData[] {
  const { details } = state;
  const occupation = details.occupation?.name ?? (details.subKind ? ENTREPRENEURSHIP_SUB_KIND_LABELS[details.subKind] : TRAINING_KIND_LABELS[details.kind]);
  const dates = state.timetable.map((s) => s.date).sort();
  const roster = new Map(state.roster.map((e) => [e.participant.personId, e.participant]));
  return state.completion.certificates.map((c) => ({
    certificateNumber: c.certificateNo,
    name: c.name,
    idNumber: roster.get(c.participantId)?.idNumberMasked ?? '',
    trainingProject: TRAINING_KIND_LABELS[details.kind],
    occupation,
    ...(details.occupation ? { level: SKILL_LEVEL_LABELS[details.occupation.level] } : {}),
    hours: state.declaration.totals.classHours,
    startDate: dates[0] ?? state.startedOn,
    endDate: dates[dates.length - 1] ?? state.completion.completedOn,
    institutionName,
    issueDate: state.completion.completedOn,
  }));
}

export function certificateBatch(deps: { runner: ClassRunner; files: FileService; directory: TrainingClassDirectory }) {
  return {
    /**
     * Renders, stores and records the class's certificates. `request` acts for the class's
     * institution: the stored file belongs to it (who may download it follows from that).
     */
    async print(classId: string, request: RequestContext, options: { fileId?: string } = {}) {
      const state = await deps.runner.existing(classId);
      if (state.status !== 'completed') throw new RuleViolationError('班级尚未结业，不能打印培训合格证书', 'training_class.status');
      if (state.completion.certificates.length === 0) throw new RuleViolationError('本班没有结业人员，无证书可打印', 'training_class.no_certificates');
      const institution = await deps.directory.institution(state.institutionId);
      const pdf = await renderCertificates(certificateData(state, institution?.name ?? ''));
      const stored = await deps.files.store(
        Readable.from([pdf]),
        { name: `培训合格证书-${state.classNo}.pdf`, purpose: 'document', kinds: ['pdf'], maxBytes: MAX_PDF_BYTES, ...(options.fileId ? { fileId: options.fileId } : {}) },
        request,
      );
      return deps.runner.run(classId, { type: 'RecordCertificatePrint', fileId: stored.fileId, sha256: stored.sha256 }, request);
    },
  };
}

export type CertificateBatch = ReturnType<typeof certificateBatch>;
