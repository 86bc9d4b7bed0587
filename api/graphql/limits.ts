// Query depth, cost, alias, directive and token limits (graphql-armor): a request too deep or too
// expensive is refused before it runs. Introspection needs depth ~13; a console query needs 5.
import { ApolloArmor } from '@escape.tech/graphql-armor';

const protection = new ApolloArmor({
  maxDepth: { n: 14 },
  costLimit: { maxCost: 5000, objectCost: 2, scalarCost: 1, depthCostFactor: 1.5 },
  maxAliases: { n: 15 },
  maxDirectives: { n: 20 },
  maxTokens: { n: 3000 },
  // Field suggestions ("did you mean ...") would describe the schema to anyone who probes it.
  blockFieldSuggestion: { enabled: true },
}).protect();

export const queryLimits = { plugins: protection.plugins, validationRules: protection.validationRules };
