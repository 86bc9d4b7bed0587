// Sending a form: its el-form rules are checked in the browser first, then the command runs; a
// refusal is the form's message (failure) and the server's BAD_USER_INPUT fields land on the
// matching form items (fieldErrors). Forms whose values the server may question with warnings to
// confirm use useConfirmableSave instead.
import type { FormInstance } from 'element-plus';
import { ref, type Ref } from 'vue';
import { fieldErrorMap, toConsoleError, type ConsoleError } from '@/api/errors';

export function useFormSubmit() {
  const failure = ref<ConsoleError>();
  const fieldErrors = ref<Record<string, string>>({});
  const saving = ref(false);

  /**
   * Checks `form` (when given), then runs `send`, which does everything a success means (remember
   * the write, say so, close). False when the check failed or anything in `send` threw.
   */
  async function submit(form: Ref<FormInstance | undefined> | null, send: () => Promise<unknown>): Promise<boolean> {
    failure.value = undefined;
    fieldErrors.value = {};
    if (form && !(await form.value?.validate().catch(() => false))) return false;
    saving.value = true;
    try {
      await send();
      return true;
    } catch (error) {
      failure.value = toConsoleError(error);
      fieldErrors.value = fieldErrorMap(failure.value);
      return false;
    } finally {
      saving.value = false;
    }
  }

  return { failure, fieldErrors, saving, submit };
}
