// 补贴资格规则: how many subsidised trainings one person may have (in total, per year), whether the
// same occupation and level is subsidised once, whether a lower level follows a higher one, and
// the documents the policy rests on. Every enrolment in a subsidised class is checked against the
// policy in force, its version kept with the outcome. The province changes it with a reason.
import { useMutation, useQuery } from '@vue/apollo-composable';
import { ElMessage, type FormInstance } from 'element-plus';
import { computed, reactive, ref, watch } from 'vue';
import { toConsoleError } from '@/api/errors';
import { rememberWrite } from '@/api/read-after';
import { can } from '@/auth/permission';
import { useFormSubmit } from '@/components/use-form-submit';
import { ChangeEligibilityPolicyDocument, EligibilityPolicyDocument } from '@/graphql/generated';
import { newCommandId } from '@/utils/format';
import { policyRules, type PolicyModel } from '../rules';

/** The province's record of the policy (domain/training-class/eligibility.ts). */
export const ELIGIBILITY_POLICY_STREAM = 'subsidy-eligibility-policy-province';

export function useEligibilityPolicy() {
  const { result, loading, error, refetch } = useQuery(EligibilityPolicyDocument);
  const current = computed(() => result.value?.eligibilityPolicy);
  const loadError = computed(() => (error.value ? toConsoleError(error.value) : undefined));
  const canChange = computed(() => can({ allOf: ['training-class:settings'] }));

  const model = reactive<PolicyModel>({ capTotal: true, maxSubsidisedTotal: 3, capPerYear: false, maxSubsidisedPerYear: undefined, sameSubjectOnce: true, noLowerLevelAfterHigher: false, basis: '', reason: '' });
  // The form shows the policy in force until the user edits it; the refetch after saving resets it.
  watch(
    current,
    (p) =>
      p &&
      Object.assign(model, {
        capTotal: p.maxSubsidisedTotal !== null,
        maxSubsidisedTotal: p.maxSubsidisedTotal ?? undefined,
        capPerYear: p.maxSubsidisedPerYear !== null,
        maxSubsidisedPerYear: p.maxSubsidisedPerYear ?? undefined,
        sameSubjectOnce: p.sameSubjectOnce,
        noLowerLevelAfterHigher: p.noLowerLevelAfterHigher,
        basis: p.basis,
        reason: '',
      }),
    { immediate: true },
  );
  const rules = computed(() => policyRules(model));
  const formRef = ref<FormInstance>();
  const { failure, fieldErrors, saving, submit } = useFormSubmit();
  const { mutate } = useMutation(ChangeEligibilityPolicyDocument);

  async function save() {
    await submit(formRef, async () => {
      rememberWrite(
        (
          await mutate({
            policy: {
              maxSubsidisedTotal: model.capTotal ? (model.maxSubsidisedTotal ?? null) : null,
              maxSubsidisedPerYear: model.capPerYear ? (model.maxSubsidisedPerYear ?? null) : null,
              sameSubjectOnce: model.sameSubjectOnce,
              noLowerLevelAfterHigher: model.noLowerLevelAfterHigher,
              basis: model.basis.trim(),
            },
            reason: model.reason.trim(),
            commandId: newCommandId(),
          })
        )?.data?.changeEligibilityPolicy,
      );
      ElMessage.success('补贴资格规则已修改，此后的报名按新规则核对');
      await refetch();
    });
  }

  return { current, loading, loadError, refetch, canChange, model, rules, formRef, failure, fieldErrors, saving, save };
}
