// 数据字典 (dictionary:manage): the code lists an administrator extends, such as person_category.
// Entries are added or retired, never edited away, so old records keep their labels; the fixed
// lists of the domain are shown for reference only.
import { useMutation } from '@vue/apollo-composable';
import { ElMessage, ElMessageBox } from 'element-plus';
import { computed, reactive, ref } from 'vue';
import { toConsoleError } from '@/api/errors';
import { rememberWrite } from '@/api/read-after';
import { useFormSubmit } from '@/components/use-form-submit';
import { AddDictionaryEntryDocument, RetireDictionaryEntryDocument } from '@/graphql/generated';
import { useDictionaries } from '@/utils/dict';
import { newCommandId } from '@/utils/format';

/** Chinese names of the editable dictionaries (the server's DICTIONARIES). */
const NAMES: Record<string, string> = { person_category: '人员类别' };

export function useDictionaryPage() {
  const { result, loading, refetch } = useDictionaries();
  const editable = computed(() => (result.value?.dictionaries ?? []).filter((d) => d.editable));
  const selected = ref('person_category');
  const current = computed(() => editable.value.find((d) => d.name === selected.value));
  const title = (name: string) => NAMES[name] ?? name;

  const form = reactive({ code: '', label: '' });
  const { failure, fieldErrors, saving: adding, submit } = useFormSubmit();
  const { mutate: add } = useMutation(AddDictionaryEntryDocument);
  const { mutate: retire } = useMutation(RetireDictionaryEntryDocument);

  async function addEntry() {
    await submit(null, async () => {
      rememberWrite((await add({ name: selected.value, code: form.code.trim(), label: form.label.trim(), commandId: newCommandId() }))?.data?.addDictionaryEntry);
      Object.assign(form, { code: '', label: '' });
      ElMessage.success('已添加');
      await refetch();
    });
  }

  async function retireEntry(code: string, label: string) {
    const confirmed = await ElMessageBox.confirm(`停用后“${label}”不能再选用，已有记录仍显示此名称。确定停用吗？`, '停用字典项', { type: 'warning', confirmButtonText: '停用', cancelButtonText: '取消' }).catch(() => false);
    if (!confirmed) return;
    try {
      rememberWrite((await retire({ name: selected.value, code, commandId: newCommandId() }))?.data?.retireDictionaryEntry);
      ElMessage.success('已停用');
      await refetch();
    } catch (e) {
      ElMessage.error(toConsoleError(e).message);
    }
  }

  return { editable, selected, current, title, loading, form, failure, fieldErrors, adding, addEntry, retireEntry };
}
