// Query depth, cost, alias, directive and token limits: a request too deep, too long or too expensive
// is refused before it runs. Introspection needs depth ~13; a console query needs 5.
import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { ParseOptions } from 'graphql';

export const LIMITS = { maxDepth: 14, maxCost: 5000, maxAliases: 15, maxDirectives: 20, maxTokens: 3000 } as const;

const protection = new ApolloArmor({
  maxDepth: { n: LIMITS.maxDepth },
  costLimit: { maxCost: LIMITS.maxCost, objectCost: 2, scalarCost: 1, depthCostFactor: 1.5 },
  maxAliases: { n: LIMITS.maxAliases },
  maxDirectives: { n: LIMITS.maxDirectives },
  // Not armor's token limit: its Apollo plugin parses the query a second time inside a plugin hook,
  // and whatever that parse throws (any syntax error, the limit itself) surfaces as an unexpected
  // error, HTTP 500. graphql-js enforces the same limit inside Apollo's own parse (parseOptions
  // below), so an over-long query is an ordinary syntax error: HTTP 400, GRAPHQL_PARSE_FAILED.
  maxTokens: { enabled: false },
  // Field suggestions ("did you mean ...") would describe the schema to anyone who probes it.
  blockFieldSuggestion: { enabled: true },
}).protect();

const parseOptions: ParseOptions = { maxTokens: LIMITS.maxTokens };

export const queryLimits = { plugins: protection.plugins, validationRules: protection.validationRules, parseOptions };
