// Enrol the second factor (TOTP): the server makes a secret and its QR code (an SVG it generated
// from its own data, shown as an image, never as markup), the user scans it into an authenticator
// app and proves it with one code. Roles that require it (reviewers, authority operators, the
// administrators) cannot do anything else until this is done.
import { useMutation } from '@vue/apollo-composable';
import { ElMessage, type FormInstance, type FormItemRule } from 'element-plus';
import { computed, onMounted, reactive, ref } from 'vue';
import { useRoute, useRouter } from 'vue-router';
import { toConsoleError, type ConsoleError } from '@/api/errors';
import { useFormSubmit } from '@/components/use-form-submit';
import { BeginTotpEnrollmentDocument, ConfirmTotpEnrollmentDocument, type BeginTotpEnrollmentMutation } from '@/graphql/generated';
import { continueTo, redirectTarget } from '@/router/continue-to';
import { useSessionStore } from '@/stores/session';
import { newCommandId } from '@/utils/format';

export function useTotpEnrollment() {
  const session = useSessionStore();
  const router = useRouter();
  const route = useRoute();
  const enrollment = ref<BeginTotpEnrollmentMutation['beginTotpEnrollment']>();
  const loadError = ref<ConsoleError>();
  const forced = computed(() => session.restriction === 'enroll_totp');

  /** The server's SVG as an image source: an <img> runs no script and inserts no markup. */
  const qrSource = computed(() => (enrollment.value ? `data:image/svg+xml;charset=utf-8,${encodeURIComponent(enrollment.value.qrSvg)}` : ''));
  /** The secret in groups of four, for typing it into an app by hand. */
  const secretGroups = computed(() => enrollment.value?.secret.match(/.{1,4}/g)?.join(' ') ?? '');

  const formRef = ref<FormInstance>();
  const form = reactive({ code: '' });
  const rules: Record<string, FormItemRule[]> = {
    code: [
      { required: true, message: '请输入动态验证码', trigger: 'blur' },
      { pattern: /^\d{6}$/, message: '动态验证码为6位数字', trigger: 'blur' },
    ],
  };
  const { failure, fieldErrors, saving, submit } = useFormSubmit();

  const { mutate: begin, loading: beginning } = useMutation(BeginTotpEnrollmentDocument);
  const { mutate: confirmEnrollment } = useMutation(ConfirmTotpEnrollmentDocument);

  async function start() {
    loadError.value = undefined;
    try {
      enrollment.value = (await begin())?.data?.beginTotpEnrollment;
    } catch (error) {
      loadError.value = toConsoleError(error);
    }
  }
  onMounted(start);

  async function confirm() {
    const confirmed = await submit(formRef, async () => {
      await confirmEnrollment({ code: form.code.trim(), commandId: newCommandId() });
      ElMessage.success('已绑定双因素认证，以后登录时须输入动态验证码');
      await session.loadMe();
      await continueTo(router, redirectTarget(route.query.redirect));
    });
    // A refused code is spent: the next attempt takes the authenticator's next one.
    if (!confirmed && failure.value) form.code = '';
  }

  return { enrollment, loadError, forced, qrSource, secretGroups, beginning, start, formRef, form, rules, fieldErrors, failure, saving, confirm };
}
