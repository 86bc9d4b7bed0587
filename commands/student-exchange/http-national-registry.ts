// HTTP adapter of the national-registry port, speaking CONTRACT.md (our assumption of the national
// system's interface): signed JSON requests (the same HMAC-SM3 scheme as the province's other
// connected services, commands/identity-verification), a timeout on every call, each failure one
// NationalRegistryError kind. Tested with its real code over HTTP against the stand-in in
// testing/national-registry-standin.ts; never run against the national system.
import { randomBytes, type KeyObject } from 'node:crypto';
import { nationalStudentOf, type NationalStudent } from '../../domain/student-exchange/national-mapping';
import type { ExchangeKind } from '../../domain/student-exchange/student-exchange';
import { signature } from '../identity-verification/http-adapters';
import { NationalRegistryError, type NationalRegistry, type SubmissionReceipt } from './national-registry';

export interface NationalRegistryEndpoint {
  baseUrl: string;
  appId: string;
  appSecret: KeyObject;
  timeoutMs?: number;
}

/** Records per submission request and students per list page, as CONTRACT.md bounds them. */
export const BATCH_SIZE = 500;
export const PAGE_SIZE = 1000;

interface Envelope<T> {
  code: string;
  message: string;
  data?: T;
}

const isTimeout = (error: unknown) => {
  const name = (error as { name?: unknown } | null)?.name;
  return name === 'TimeoutError' || name === 'AbortError';
};

async function call<T>(endpoint: NationalRegistryEndpoint, path: string, payload: object): Promise<T> {
  const body = JSON.stringify(payload);
  const timestamp = String(Date.now());
  const nonce = randomBytes(16).toString('hex');
  const url = `${endpoint.baseUrl.replace(/\/+$/, '')}${path}`;
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'x-app-id': endpoint.appId,
        'x-timestamp': timestamp,
        'x-nonce': nonce,
        'x-signature': signature(endpoint.appSecret, endpoint.appId, timestamp, nonce, new URL(url).pathname, body),
      },
      body,
      signal: AbortSignal.timeout(endpoint.timeoutMs ?? 30_000),
    });
  } catch (error) {
    if (isTimeout(error)) throw new NationalRegistryError('timeout', `no answer from ${path}`);
    throw new NationalRegistryError('unavailable', `${path}: ${error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error)}`);
  }
  let envelope: Envelope<T> | undefined;
  try {
    const parsed = (await response.json()) as unknown;
    if (parsed && typeof parsed === 'object' && typeof (parsed as Envelope<T>).code === 'string') envelope = parsed as Envelope<T>;
  } catch (error) {
    if (isTimeout(error)) throw new NationalRegistryError('timeout', `${path}: body not received in time`);
  }
  if (response.status === 429 || response.status >= 500) throw new NationalRegistryError('unavailable', `${path}: HTTP ${response.status}`);
  if (response.status === 400 || response.status === 401 || response.status === 403) throw new NationalRegistryError('rejected', `${path}: HTTP ${response.status} ${envelope?.code ?? ''} ${envelope?.message ?? ''}`.trim());
  if (response.status !== 200 || !envelope || envelope.code !== '0000' || envelope.data === undefined) throw new NationalRegistryError('protocol', `${path}: HTTP ${response.status}, code ${envelope?.code ?? '-'}`);
  return envelope.data;
}

export function httpNationalRegistry(endpoint: NationalRegistryEndpoint): NationalRegistry {
  return {
    async submit(kind: ExchangeKind, records) {
      // Batches of at most BATCH_SIZE; the receipts add up, with indexes into the whole submission.
      const receipt: SubmissionReceipt = { batchId: '', accepted: 0, rejected: [] };
      const batchIds: string[] = [];
      for (let start = 0; start < records.length; start += BATCH_SIZE) {
        const part = records.slice(start, start + BATCH_SIZE);
        const data = await call<{ batchId: string; accepted: number; rejected: { index: number; code: string; message: string }[] }>(endpoint, `/v1/${kind}/batch`, { records: part });
        if (typeof data.batchId !== 'string' || typeof data.accepted !== 'number' || !Array.isArray(data.rejected)) throw new NationalRegistryError('protocol', `/v1/${kind}/batch: receipt without batchId, accepted, rejected`);
        batchIds.push(data.batchId);
        receipt.accepted += data.accepted;
        receipt.rejected.push(...data.rejected.map((r) => ({ ...r, index: r.index + start })));
      }
      return { ...receipt, batchId: batchIds.join(',') };
    },
    async studentList(schoolCode: string): Promise<NationalStudent[]> {
      const students: NationalStudent[] = [];
      for (let page = 1; ; page++) {
        const data = await call<{ total: number; items: Record<string, string>[] }>(endpoint, '/v1/students/query', { schoolCode, page, pageSize: PAGE_SIZE });
        if (typeof data.total !== 'number' || !Array.isArray(data.items)) throw new NationalRegistryError('protocol', '/v1/students/query: page without total and items');
        data.items.forEach((item, i) => students.push(nationalStudentOf((page - 1) * PAGE_SIZE + i + 1, item)));
        if (data.items.length === 0 || students.length >= data.total) return students;
      }
    },
  };
}
