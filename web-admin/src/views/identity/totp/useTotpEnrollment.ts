// Enrol the second factor (TOTP): the server makes a secret and its QR code (an SVG it generated
// from its own data, shown as an image, never as markup), the user scans it into an authenticator
// app and proves it with one code. Roles that require it (reviewers, authority operators, the
// administrators) cannot do anything else until this is done.
import { useMutation } from '@vue/apollo-composable';
import { ElMessage, type FormInstance, type FormItemRule } from 'element-plus';
import { computed, onMounted, reactive, ref } from 'vue';
import { useRoute, useRouter } from 'vue-router';
import { toConsoleError, type ConsoleError } from '@/api/errors';
import { rememberWrite } from '@/api/read-after';
import { useFormSubmit } from '@/components/use-form-submit';
import { BeginTotpEnrollmentDocument, ConfirmTotpEnrollmentDocument, type BeginTotpEnrollmentMutation } from '@/graphql/generated';
import { continueTo, redirectTarget } from '@/router/continue-to';
import { useSessionStore } from '@/stores/session';
import { copyText } from '@/utils/clipboard';
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
      const answer = (await confirmEnrollment({ code: form.code.trim(), commandId: newCommandId() }))?.data?.confirmTotpEnrollment;
      // `me` is read from the users read model: asked after the enrolment reached it, the user menu
      // stops offering 绑定双因素认证 at once (it used to until a reload).
      rememberWrite(answer);
      ElMessage.success('已绑定双因素认证，以后登录时须输入动态验证码');
      await session.loadMe();
      await continueTo(router, redirectTarget(route.query.redirect));
    });
    // A refused code is spent: the next attempt takes the authenticator's next one.
    if (!confirmed && failure.value) form.code = '';
  }

  /** The secret without spaces, for pasting into an app; on plain http there is no clipboard and the user copies by hand. */
  async function copySecret() {
    if (!enrollment.value) return;
    if (await copyText(enrollment.value.secret)) ElMessage.success('已复制密钥');
    else ElMessage.warning('浏览器不允许自动复制，请选中密钥手动复制');
  }

  return { enrollment, loadError, forced, qrSource, secretGroups, beginning, start, formRef, form, rules, fieldErrors, failure, saving, confirm, copySecret };
}
