import { foldEvents } from '../../store/fold';
import { SECURITY_POLICY_STREAM, securityPolicyDecider, type SecurityPolicy } from '../../domain/identity/security-policy';
import type { EventStore } from '../../store/event-store/event-store';
import { handleCommand } from '../pipeline/handle-command';
import type { RequestContext } from '../pipeline/request-context';

/** Policy reads are cached this long: a change reaches every request within it. */
const CACHE_MS = 5_000;

export function securityPolicyCommands(store: EventStore) {
  let cached: { policy: SecurityPolicy; at: number } | undefined;
  const load = async () => {
    const events = await store.readStream(SECURITY_POLICY_STREAM);
    return foldEvents(securityPolicyDecider, events).policy;
  };
  return {
    async current(): Promise<SecurityPolicy> {
      if (cached && Date.now() - cached.at < CACHE_MS) return cached.policy;
      cached = { policy: await load(), at: Date.now() };
      return cached.policy;
    },
    async set(policy: SecurityPolicy, request: RequestContext) {
      const result = await handleCommand(store, securityPolicyDecider, SECURITY_POLICY_STREAM, { type: 'SetSecurityPolicy', policy }, request);
      cached = undefined;
      return result;
    },
  };
}

export type SecurityPolicyCommands = ReturnType<typeof securityPolicyCommands>;
