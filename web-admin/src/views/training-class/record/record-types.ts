// Types the record page's dialogs share.

/** What a write answers that the console keeps: the position it wrote (read-after-write). */
export type WriteResult = { position?: string | null } | null | undefined;

/** A command that needs only a reason (暂停, 恢复, 取消, 退学, 放弃变更), sent by the dialog with its command id. */
// A type alias, not an interface: the dialog service takes its props as Record<string, unknown>.
export type ReasonDialogProps = {
  title: string;
  label: string;
  confirmText: string;
  /** What the success message says. */
  done: string;
  danger?: boolean;
  /** A line above the reason: what the act means. */
  notice?: string;
  send: (reason: string, commandId: string) => Promise<WriteResult>;
};
