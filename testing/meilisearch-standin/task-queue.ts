// Meilisearch's asynchronous tasks: a write answers at once with an enqueued task; the queue then
// moves each task, one at a time and on later ticks, to processing and to succeeded or failed. A
// failed task carries an error object; nothing is thrown to the writer, who must ask.

export type TaskStatus = 'enqueued' | 'processing' | 'succeeded' | 'failed';

export interface TaskError {
  message: string;
  code: string;
  type: 'invalid_request' | 'internal';
  link: string;
}

export class TaskFailure extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export const taskError = (code: string, message: string, type: TaskError['type'] = 'invalid_request'): TaskError => ({
  message,
  code,
  type,
  link: `https://docs.meilisearch.com/errors#${code}`,
});

interface Task {
  uid: number;
  indexUid: string | null;
  type: string;
  status: TaskStatus;
  details: Record<string, unknown>;
  error: TaskError | null;
  enqueuedAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  /** Applies the change; returns the final details or throws TaskFailure. */
  run: () => Record<string, unknown>;
}

/** Milliseconds between steps, so that a client that does not wait sees an unfinished task. */
const STEP_MS = 3;

export class TaskQueue {
  private readonly tasks: Task[] = [];
  private running = false;
  private closed = false;
  private held = false;
  private timer: NodeJS.Timeout | undefined;

  enqueue(indexUid: string | null, type: string, details: Record<string, unknown>, run: Task['run']) {
    const task: Task = { uid: this.tasks.length, indexUid, type, status: 'enqueued', details, error: null, enqueuedAt: new Date(), startedAt: null, finishedAt: null, run };
    this.tasks.push(task);
    this.schedule();
    return { taskUid: task.uid, indexUid, status: task.status, type, enqueuedAt: task.enqueuedAt.toISOString() };
  }

  view(uid: number) {
    const task = this.tasks[uid];
    if (!task) return undefined;
    const duration = task.startedAt && task.finishedAt ? `PT${((task.finishedAt.getTime() - task.startedAt.getTime()) / 1000).toFixed(3)}S` : null;
    return {
      uid: task.uid,
      batchUid: task.startedAt ? task.uid : null,
      indexUid: task.indexUid,
      status: task.status,
      type: task.type,
      canceledBy: null,
      details: task.details,
      error: task.error,
      duration,
      enqueuedAt: task.enqueuedAt.toISOString(),
      startedAt: task.startedAt?.toISOString() ?? null,
      finishedAt: task.finishedAt?.toISOString() ?? null,
    };
  }

  /** Keeps enqueued tasks waiting, as a busy server does, until the returned function is called. */
  hold(): () => void {
    this.held = true;
    return () => {
      this.held = false;
      this.schedule();
    };
  }

  close() {
    this.closed = true;
    clearTimeout(this.timer);
  }

  private schedule() {
    if (this.running || this.closed || this.held) return;
    const next = this.tasks.find((t) => t.status === 'enqueued');
    if (!next) return;
    this.running = true;
    this.timer = setTimeout(() => {
      next.status = 'processing';
      next.startedAt = new Date();
      this.timer = setTimeout(() => {
        try {
          next.details = next.run();
          next.status = 'succeeded';
        } catch (error) {
          if (!(error instanceof TaskFailure)) throw error;
          next.status = 'failed';
          next.error = taskError(error.code, error.message);
        }
        next.finishedAt = new Date();
        this.running = false;
        this.schedule();
      }, STEP_MS);
    }, STEP_MS);
  }
}
