// One dialog service (after pure-admin's ReDialog): a page opens a dialog component with a props
// object and awaits its result; the host in the layout renders it; a route change closes every
// open dialog, so none outlives the page that opened it.
//
// A dialog component receives its props and emits `close` with its result (or nothing when
// cancelled); it owns its el-dialog and emits `close` from the el-dialog's `closed` event.
import { markRaw, shallowReactive, type Component } from 'vue';

interface OpenDialog {
  id: number;
  component: Component;
  props: Record<string, unknown>;
  settle: (result: unknown) => void;
}

let nextId = 1;
export const openDialogs = shallowReactive<OpenDialog[]>([]);

export function openDialog<Result = unknown>(component: Component, props: Record<string, unknown> = {}): Promise<Result | undefined> {
  return new Promise((resolve) => {
    openDialogs.push({ id: nextId++, component: markRaw(component), props, settle: resolve as (result: unknown) => void });
  });
}

export function settleDialog(id: number, result?: unknown): void {
  const index = openDialogs.findIndex((d) => d.id === id);
  if (index < 0) return;
  const [dialog] = openDialogs.splice(index, 1);
  dialog?.settle(result);
}

export function closeAllDialogs(): void {
  for (const dialog of openDialogs.splice(0)) dialog.settle(undefined);
}
