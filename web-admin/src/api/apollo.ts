// The one Apollo client. Every POST /graphql carries the CSRF header (echoed from the readable
// cookie) and, after a write, the read-after position. A 401 means the session ended on the server
// (idle timeout, logout elsewhere): the session store is told and sends the user to the login page.
// A FORBIDDEN carrying `restriction` means the session must first change its password or enrol
// its second factor (the security policy may have changed meanwhile): the store reloads `me`.
import { ApolloClient, ApolloLink, HttpLink, InMemoryCache, from } from '@apollo/client/core';
import { setContext } from '@apollo/client/link/context';
import { onError } from '@apollo/client/link/error';
import { CSRF_HEADER, csrfToken } from './csrf';
import { readAfterPosition } from './read-after';

type Listener = () => void;
const sessionEndedListeners = new Set<Listener>();
const restrictedListeners = new Set<(restriction: string) => void>();
const activityListeners = new Set<Listener>();

/** Called when the server answers 401 / UNAUTHENTICATED. */
export const onSessionEnded = (listener: Listener) => sessionEndedListeners.add(listener);
/** Called when the server refuses an operation because the session is restricted. */
export const onSessionRestricted = (listener: (restriction: string) => void) => restrictedListeners.add(listener);
/** Called on every request: the server counts idle time from the last request it saw. */
export const onServerActivity = (listener: Listener) => activityListeners.add(listener);

const headers = setContext((_operation, previous) => {
  const token = csrfToken();
  const position = readAfterPosition();
  activityListeners.forEach((l) => l());
  return {
    headers: {
      ...(previous.headers as Record<string, string> | undefined),
      ...(token ? { [CSRF_HEADER]: token } : {}),
      ...(position ? { 'x-read-after-position': position } : {}),
    },
  };
});

const sessionEnded = onError(({ networkError, graphQLErrors }) => {
  const status = (networkError as { statusCode?: number } | undefined)?.statusCode;
  if (status === 401 || graphQLErrors?.some((e) => e.extensions?.code === 'UNAUTHENTICATED')) sessionEndedListeners.forEach((l) => l());
  const restriction = graphQLErrors?.find((e) => e.extensions?.code === 'FORBIDDEN' && typeof e.extensions.restriction === 'string')?.extensions?.restriction;
  if (typeof restriction === 'string') restrictedListeners.forEach((l) => l(restriction));
});

const http = new HttpLink({ uri: '/graphql', credentials: 'same-origin', headers: { 'content-type': 'application/json' } });

export const apolloClient = new ApolloClient({
  link: from([sessionEnded, headers, http as ApolloLink]),
  cache: new InMemoryCache({
    typePolicies: {
      ReviewTask: { keyFields: ['streamId'] },
      ReviewStep: { keyFields: ['eventId'] },
      TimelineEntry: { keyFields: ['eventId'] },
      Timeline: { keyFields: ['streamId'] },
      // Details have no identity of their own: they belong to their occupation.
      OccupationDetails: { keyFields: false },
      InstitutionDetails: { keyFields: false },
      Dictionary: { keyFields: ['name'] },
      Role: { keyFields: ['name'] },
      AuditEvent: { keyFields: ['eventId'] },
      Me: { keyFields: ['id'] },
    },
  }),
  defaultOptions: {
    // Lists and records change through other users' reviews: ask the server, show the cache meanwhile.
    watchQuery: { fetchPolicy: 'cache-and-network', errorPolicy: 'none' },
    query: { fetchPolicy: 'network-only', errorPolicy: 'none' },
  },
});
