// Taking a training voucher for an enrolment, and giving it back: what the training class's
// enrolment needs of the voucher module (commands/training-class/training-class-commands.ts). The
// decision runs on the holder's stream, so one voucher pays for one place even when two classes
// enrol the same person at the same moment: the second is decided on the first's use and refused.
import { v5 as uuidv5 } from 'uuid';
import { RuleViolationError } from '../../domain/shared/errors';
import type { ClassForVoucher } from '../../domain/voucher/terms';
import { acceptanceStreamId, holderStreamId, voucherDecider } from '../../domain/voucher/voucher';
import type { EventStore } from '../../store/event-store/event-store';
import { loadState } from '../../store/fold';
import { handleCommand } from '../pipeline/handle-command';
import type { RequestContext } from '../pipeline/request-context';

const USE_NAMESPACE = '9d4e7a21-3c6b-4f08-a5d2-7e1b0c9f6a43';

export function voucherUses(store: EventStore) {
  return {
    /** The person's own voucher of this number (券号, as the holder presents it), or a refusal: a voucher is never used by anyone else. */
    async resolve(personId: string, voucherNo: string): Promise<string> {
      const state = await loadState(store, voucherDecider, holderStreamId(personId));
      const no = voucherNo.trim().toUpperCase();
      const v = state.status === 'holder' ? state.vouchers.find((x) => x.voucherNo === no) : undefined;
      if (!v) throw new RuleViolationError(`${state.status === 'holder' ? state.name : '该学员'}名下没有券号为${no}的培训券（培训券不能转让，只能本人使用）`, 'voucher.not_holder');
      return v.voucherId;
    },
    /** Takes the voucher for the class (refused in Chinese when it may not be used there); a repeat for the same class changes nothing. */
    async use(personId: string, voucherId: string, cls: ClassForVoucher, request: RequestContext) {
      const acceptance = await loadState(store, voucherDecider, acceptanceStreamId(cls.institutionId));
      const institutionAccepts = acceptance.status === 'acceptance' && acceptance.accepts;
      return handleCommand(store, voucherDecider, holderStreamId(personId), { type: 'UseVoucher', voucherId, class: cls, institutionAccepts }, { ...request, commandId: uuidv5(`use:${voucherId}:${cls.classId}:${request.commandId}`, USE_NAMESPACE) });
    },
    /** Gives the voucher back when the enrolment it was taken for was not recorded. */
    release: (personId: string, voucherId: string, classId: string, reason: string, request: RequestContext) =>
      handleCommand(store, voucherDecider, holderStreamId(personId), { type: 'ReleaseVoucherUse', voucherId, classId, reason }, { ...request, commandId: uuidv5(`release:${voucherId}:${classId}:${request.commandId}`, USE_NAMESPACE) }),
  };
}

export type VoucherUses = ReturnType<typeof voucherUses>;
