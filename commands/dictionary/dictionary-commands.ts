import { foldEvents } from '../../store/fold';
import { BUILT_IN_ENTRIES, DICTIONARIES, activeCodes, dictionaryDecider, type DictionaryName, type DictionaryState } from '../../domain/dictionary/dictionary';
import { NotFoundError } from '../../domain/shared/errors';
import type { EventStore } from '../../store/event-store/event-store';
import { handleCommand } from '../pipeline/handle-command';
import type { RequestContext } from '../pipeline/request-context';

export const dictionaryStreamId = (name: DictionaryName) => `dictionary-${name}`;
/** Entries are read often (every trainee entered) and change rarely: cached this long. */
const CACHE_MS = 5_000;

export function dictionaryCommands(store: EventStore) {
  const cache = new Map<DictionaryName, { state: DictionaryState; at: number }>();
  const requireName = (name: string): DictionaryName => {
    if (!(name in DICTIONARIES)) throw new NotFoundError('字典不存在');
    return name as DictionaryName;
  };
  const load = async (name: DictionaryName) => {
    const hit = cache.get(name);
    if (hit && Date.now() - hit.at < CACHE_MS) return hit.state;
    const events = await store.readStream(dictionaryStreamId(name));
    const state = foldEvents(dictionaryDecider, events);
    cache.set(name, { state, at: Date.now() });
    return state;
  };
  const run = async (name: DictionaryName, command: Parameters<typeof dictionaryDecider.decide>[0], request: RequestContext) => {
    const result = await handleCommand(store, dictionaryDecider, dictionaryStreamId(name), command, request);
    cache.delete(name);
    return result;
  };
  return {
    requireName,
    entries: async (name: DictionaryName) => (await load(name)).entries,
    activeCodes: async (name: DictionaryName) => activeCodes(await load(name)),
    addEntry: (name: DictionaryName, code: string, label: string, request: RequestContext) => run(name, { type: 'AddEntry', code, label }, request),
    retireEntry: (name: DictionaryName, code: string, request: RequestContext) => run(name, { type: 'RetireEntry', code }, request),
    /** The built-in entries, added once per installation. */
    async seed(request: (key: string) => RequestContext) {
      let last: bigint | null = null;
      for (const [name, entries] of Object.entries(BUILT_IN_ENTRIES) as [DictionaryName, { code: string; label: string }[]][]) {
        const existing = new Set((await load(name)).entries.map((e) => e.code));
        for (const entry of entries) {
          if (existing.has(entry.code)) continue;
          last = (await run(name, { type: 'AddEntry', ...entry }, request(`dictionary:${name}:${entry.code}`))).position ?? last;
        }
      }
      return last;
    },
  };
}

export type DictionaryCommands = ReturnType<typeof dictionaryCommands>;
