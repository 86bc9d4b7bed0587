// 培训过程检查 and the penalty ladder (issue 12 §2): inspections of a class with their photos
// (files already stored through the file port; the events keep their ids and hashes, never an
// image), the institution's rectification reply and its review; and the penalties an authority
// imposes on the institution (its own record's events), which the class-opening check reads.
import { institutionDecider, institutionStreams, type PenaltyKind } from '../../domain/institution/institution';
import { ValidationError } from '../../domain/shared/errors';
import type { EvidenceFile, InspectionInput } from '../../domain/training-class/inspection';
import type { EventStore } from '../../store/event-store/event-store';
import type { OrganizationDirectory } from '../organization/organization-commands';
import { handleCommand } from '../pipeline/handle-command';
import type { RequestContext } from '../pipeline/request-context';
import type { FileKind } from '../storage/file-kind';
import type { FileService } from '../storage/files';
import type { ClassRunner } from './class-runner';

const PHOTO_KINDS: readonly FileKind[] = ['jpg', 'png'];
const ATTACHMENT_KINDS: readonly FileKind[] = ['jpg', 'png', 'pdf'];

export function inspectionCommands(deps: { store: EventStore; runner: ClassRunner; files: FileService; organizations: OrganizationDirectory }) {
  const { runner } = deps;

  /** Files the actor's organisation stored, of the kinds allowed: someone else's file id attaches nothing. */
  async function evidence(fileIds: readonly string[], field: string, kinds: readonly FileKind[], request: RequestContext): Promise<EvidenceFile[]> {
    if (fileIds.length > 30) throw new ValidationError([{ field, message: '最多30个文件' }]);
    const files = await Promise.all(fileIds.map((id) => deps.files.describe(id)));
    const fields = files.flatMap((file, i) =>
      !file || file.orgId !== request.actor.orgId ? [{ field: `${field}.${i}`, message: '文件不存在或不是本单位上传的' }] : !kinds.includes(file.kind) ? [{ field: `${field}.${i}`, message: `${file.name}不是允许的文件类型` }] : [],
    );
    if (fields.length) throw new ValidationError(fields, '有文件不能使用');
    return files.map((f) => ({ fileId: f!.fileId, name: f!.name, sha256: f!.sha256 }));
  }

  return {
    async record(classId: string, inspectionId: string, input: InspectionInput, photoFileIds: readonly string[], request: RequestContext) {
      const state = await runner.existing(classId);
      const [authority, photos] = await Promise.all([runner.authorityStanding(state.institutionId, request), evidence(photoFileIds, 'photoFileIds', PHOTO_KINDS, request)]);
      return runner.run(classId, { type: 'RecordInspection', inspectionId, input, photos, authority }, request);
    },
    async reply(classId: string, inspectionId: string, reply: string, attachmentFileIds: readonly string[], request: RequestContext) {
      const attachments = await evidence(attachmentFileIds, 'attachmentFileIds', ATTACHMENT_KINDS, request);
      return runner.run(classId, { type: 'ReplyRectification', inspectionId, reply, attachments }, request);
    },
    async decide(classId: string, inspectionId: string, accepted: boolean, opinion: string, request: RequestContext) {
      const state = await runner.existing(classId);
      return runner.run(classId, { type: 'DecideRectification', inspectionId, accepted, opinion, authority: await runner.authorityStanding(state.institutionId, request) }, request);
    },
    /** A step of the penalty ladder on the institution's record; the penalty's id is the command's. */
    async imposePenalty(
      institutionId: string,
      penalty: { kind: PenaltyKind; reason: string; barredUntil: string | null; basis: { classId: string; inspectionId: string } | null },
      request: RequestContext,
    ) {
      const authorities = await deps.organizations.reviewAuthoritiesFor(institutionId);
      const supervises = Boolean(request.actor.orgId) && Object.values(authorities).includes(request.actor.orgId!);
      return handleCommand(deps.store, institutionDecider, institutionStreams.streamId(institutionId), { type: 'ImposePenalty', penaltyId: request.commandId, ...penalty, authority: { supervises } }, request);
    },
  };
}

export type InspectionCommands = ReturnType<typeof inspectionCommands>;
