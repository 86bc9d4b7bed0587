// Saving a form whose values the server may question (WARNINGS_UNCONFIRMED): the first attempt
// brings the warnings back, the user ticks each one, the same command is sent again with their
// codes. Field errors (BAD_USER_INPUT) land on the fields; anything else is the form's message.
import { ref } from 'vue';
import { fieldErrorMap, toConsoleError, type ConfirmableWarning, type ConsoleError } from '@/api/errors';

export function useConfirmableSave() {
  const warnings = ref<ConfirmableWarning[]>([]);
  const confirmed = ref<string[]>([]);
  const failure = ref<ConsoleError>();
  const fieldErrors = ref<Record<string, string>>({});
  const saving = ref(false);

  /** Runs `send` with the confirmed codes; undefined when the server refused (the reason is shown). */
  async function run<T>(send: (confirmedWarnings: string[]) => Promise<T>): Promise<T | undefined> {
    failure.value = undefined;
    fieldErrors.value = {};
    if (warnings.value.some((w) => !confirmed.value.includes(w.code))) {
      failure.value = { code: 'WARNINGS_UNCONFIRMED', message: '请逐项核对并勾选确认下列提示后再保存', fields: [] };
      return undefined;
    }
    saving.value = true;
    try {
      return await send(confirmed.value);
    } catch (error) {
      const e = toConsoleError(error);
      if (e.code === 'WARNINGS_UNCONFIRMED' && e.warnings?.length) {
        const known = new Set(warnings.value.map((w) => w.code));
        warnings.value = [...warnings.value, ...e.warnings.filter((w) => !known.has(w.code))];
        failure.value = { ...e, message: '有需要确认的提示：请核对下列内容，确认无误后勾选并再次保存' };
      } else {
        failure.value = e;
        fieldErrors.value = fieldErrorMap(e);
      }
      return undefined;
    } finally {
      saving.value = false;
    }
  }

  return { warnings, confirmed, failure, fieldErrors, saving, run };
}
