// A stored file is a record with its own stream, `file-<id>`: `FileStored` says who stored which
// content (by SHA-256) under which name and for what purpose, and each download of it is a
// `FileDownloaded` fact (files carry personal data: every full view is audited, DESIGN.md §4).
// The decision is trivial (a file is stored once), so the decider lives beside its service.
import type { Decider, DomainEvent } from '../../domain/shared/decider';
import type { FileKind } from './file-kind';

// reference-face: a trainee's or teacher's reference photo (biometric: read back only by the matcher and audited downloads).
// diploma-photo: a graduate's photo for the diploma (issue 15 §5).
export const FILE_PURPOSES = ['import', 'import-report', 'document', 'notice', 'reference-face', 'diploma-photo'] as const;
export type FilePurpose = (typeof FILE_PURPOSES)[number];

export type FileFacts = {
  fileId: string;
  name: string;
  kind: FileKind;
  contentType: string;
  size: number;
  sha256: string;
  purpose: FilePurpose;
};

export type FileStored = DomainEvent<'FileStored', FileFacts>;
export type FileDownloaded = DomainEvent<'FileDownloaded', { fileId: string }>;

export type FileState = { status: 'none' } | { status: 'stored'; file: FileFacts };
export type FileCommand = { type: 'StoreFile'; file: FileFacts };

export const fileStreamId = (fileId: string) => `file-${fileId}`;

export const fileDecider: Decider<FileCommand, FileStored, FileState> = {
  initialState: () => ({ status: 'none' }),
  evolve: (state, event) => (event.type === 'FileStored' ? { status: 'stored', file: event.data } : state),
  // The first content stored under an id stays: a repeat (a resumed job) changes nothing.
  decide: (command, state) => (state.status === 'stored' ? [] : [{ type: 'FileStored', data: { ...command.file } }]),
};
