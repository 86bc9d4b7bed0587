// The search contract against the Meilisearch adapter, driving the official client against an HTTP
// stand-in that follows Meilisearch's OpenAPI description (testing/meilisearch-standin). What this
// does and does not prove is in projections/search/README.md.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startMeilisearchStandin, type MeilisearchStandin } from '../../../testing/meilisearch-standin/standin-server';
import { describeSearchContract } from '../search.contract';
import { createMeilisearchSearchEngine } from './meilisearch-search-engine';

let standin: MeilisearchStandin;
beforeAll(async () => {
  standin = await startMeilisearchStandin();
});
afterAll(async () => standin.close());

const engineOn = (url: string) => createMeilisearchSearchEngine({ host: url, taskIntervalMs: 5 });

describeSearchContract('meilisearch (official client against the OpenAPI stand-in)', async () => {
  const engine = engineOn(standin.url);
  return {
    engine,
    reopen: async () => engineOn(standin.url),
    dispose: () => engine.close(),
  };
});

describe('the conversation with the stand-in', () => {
  it('consisted only of documented requests and documented responses', () => {
    expect(standin.requests.length).toBeGreaterThan(50);
    expect(standin.violations).toEqual([]);
  });
});
