// Meilisearch answers a write with an enqueued task and reports failure only on the task itself:
// `waitTask()` resolves with status 'failed' instead of throwing. Every task is waited for and its
// status checked here, so a refused document cannot pass for an indexed one.
import type { EnqueuedTaskPromise, Task } from 'meilisearch';
import { SearchIndexingError } from '../search-port';

export interface WaitOptions {
  timeout: number;
  interval: number;
}

export function checkTask(task: Task): Task {
  if (task.status === 'succeeded') return task;
  const code = task.error?.code ?? `task_${task.status}`;
  const message = task.error?.message ?? `task ${task.uid} (${task.type}) ended ${task.status}`;
  throw new SearchIndexingError(code, `Meilisearch task ${task.uid} (${task.type} on ${task.indexUid}) ${task.status}: ${message}`);
}

/**
 * Waits for every task, in order (Meilisearch processes them in order, so later ones are usually
 * done by then), even after a failure, and then throws for the first failed one.
 */
export async function settle(tasks: EnqueuedTaskPromise[], options: WaitOptions): Promise<Task[]> {
  const finished: Task[] = [];
  for (const task of tasks) finished.push(await task.waitTask(options));
  return finished.map(checkTask);
}
