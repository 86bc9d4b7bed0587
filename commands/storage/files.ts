// The file service every module uses (import files and reports, institution licence documents):
// content into the blob store, the record onto its stream. Reads go to the stream itself, not to a
// read model, so a file is usable the moment its upload returns.
import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { ValidationError } from '../../domain/shared/errors';
import type { EventStore } from '../../store/event-store/event-store';
import { handleCommand } from '../pipeline/handle-command';
import { recordFact } from '../pipeline/record-fact';
import type { RequestContext } from '../pipeline/request-context';
import { upcast } from '../../store/upcasters';
import { FileTooLargeError, type BlobStore } from './blob-store';
import { FILE_KINDS, cleanFileName, kindOfName, sniffFileKind, type FileKind } from './file-kind';
import { fileDecider, fileStreamId, type FileFacts, type FilePurpose, type FileStored } from './file-record';

export interface StoredFile extends FileFacts {
  /** Who stored it (the uploader, or the user a job acted for) and their organisation. */
  storedBy: string;
  orgId: string | null;
  storedAt: string;
}

export interface StoreOptions {
  name: string;
  purpose: FilePurpose;
  /** Kinds accepted for this purpose. */
  kinds: readonly FileKind[];
  maxBytes: number;
  /** A fixed id makes storing idempotent (a job's report); default: a new id. */
  fileId?: string;
}

const FIELD = 'file';

export function fileService(store: EventStore, blobs: BlobStore) {
  const refuse = (message: string) => new ValidationError([{ field: FIELD, message }], message);

  return {
    blobs,
    async store(input: Readable, options: StoreOptions, request: RequestContext): Promise<StoredFile> {
      const name = cleanFileName(options.name);
      const claimed = kindOfName(name);
      const allowed = options.kinds.map((k) => FILE_KINDS[k].label).join('、');
      if (!name) throw refuse('文件名不能为空');
      if (!claimed || !options.kinds.includes(claimed)) {
        input.resume();
        throw refuse(`不支持的文件类型，只接受${allowed}`);
      }
      let blob;
      try {
        blob = await blobs.put(input, {
          maxBytes: options.maxBytes,
          accept(candidate) {
            if (candidate.size === 0) throw refuse('文件是空的');
            const actual = sniffFileKind(candidate.head);
            if (actual === 'legacy-office') throw refuse('文件是旧版 .xls 或已加密的工作簿，请用 Excel 另存为 .xlsx（不设密码）后重新上传');
            if (actual !== claimed) throw refuse(`文件内容与扩展名不符：不是${FILE_KINDS[claimed].label}`);
          },
        });
      } catch (error) {
        if (error instanceof FileTooLargeError) throw refuse(error.message);
        throw error;
      }
      const fileId = options.fileId ?? randomUUID();
      const facts: FileFacts = { fileId, name, kind: claimed, contentType: FILE_KINDS[claimed].contentType, size: blob.size, sha256: blob.sha256, purpose: options.purpose };
      const result = await handleCommand(store, fileDecider, fileStreamId(fileId), { type: 'StoreFile', file: facts }, request);
      if (result.state.status !== 'stored') throw new Error(`file ${fileId} was not stored`);
      const stored = await this.describe(fileId);
      if (!stored) throw new Error(`file ${fileId} was not stored`);
      return stored;
    },

    /** The record of a file, straight from its stream (undefined: no such file). */
    async describe(fileId: string): Promise<StoredFile | undefined> {
      if (!/^[0-9a-zA-Z-]{1,64}$/.test(fileId)) return undefined;
      const events = await store.readStream(fileStreamId(fileId));
      const stored = events.find((e) => e.type === 'FileStored');
      if (!stored) return undefined;
      const facts = (upcast(stored) as FileStored).data;
      return { ...facts, storedBy: stored.metadata.actorId, orgId: stored.metadata.actorOrgId, storedAt: stored.metadata.occurredAt };
    },

    /** Opens the content for a download, recording who downloaded it. */
    async download(file: StoredFile, request: RequestContext): Promise<Readable> {
      const content = await blobs.open(file.sha256);
      await recordFact(store, fileStreamId(file.fileId), { type: 'FileDownloaded', data: { fileId: file.fileId } }, request);
      return content;
    },

    withLocalFile: <T>(file: StoredFile, use: (path: string) => Promise<T>) => blobs.withLocalFile(file.sha256, use),
  };
}

export type FileService = ReturnType<typeof fileService>;
