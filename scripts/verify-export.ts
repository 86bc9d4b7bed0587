// `npm run verify-export -- <timeline.json>`: checks a timeline exported from the audit surface
// (GET /audit/timeline-export) offline: every event's hash recomputed from its content (RFC 8785
// text, SM3), each prevHash equal to the hash before it, revisions without gaps. Needs nothing but
// the file. Exit 0 intact, 1 broken (naming the first broken event), 2 unreadable.
import { readFileSync } from 'node:fs';
import { checkLink } from '../commands/event-store/integrity';
import type { EventMetadata } from '../commands/event-store/event-store';

interface ExportedEvent {
  streamId: string;
  revision: number;
  position: string;
  type: string;
  data: Record<string, unknown>;
  metadata: EventMetadata;
}

function main(): number {
  const file = process.argv[2];
  if (!file) {
    console.error('用法: npm run verify-export -- <时间线文件.json>');
    return 2;
  }
  let body: { format?: string; streamId?: string; events?: ExportedEvent[] };
  try {
    body = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    console.error(`无法读取文件 ${file}：${error instanceof Error ? error.message : error}`);
    return 2;
  }
  if (body.format !== 'gz-timeline-export/1' || !Array.isArray(body.events)) {
    console.error('不是本系统导出的时间线文件（format 应为 gz-timeline-export/1）');
    return 2;
  }
  let previous: { revision: number; hash: string } | undefined;
  for (const event of body.events) {
    if (event.streamId !== body.streamId) {
      console.error(`第 ${event.revision} 号事件属于另一条记录 ${event.streamId}`);
      return 1;
    }
    const problem = checkLink({ ...event, position: BigInt(event.position) }, previous);
    if (problem) {
      console.error(`校验失败：${body.streamId} 第 ${event.revision} 号事件（${event.type}）：${problem}`);
      return 1;
    }
    previous = { revision: event.revision, hash: String(event.metadata.hash) };
  }
  console.log(`时间线完好：${body.streamId}，${body.events.length} 个事件，最后一个事件的哈希 ${previous?.hash ?? '（无）'}`);
  return 0;
}

process.exit(main());
