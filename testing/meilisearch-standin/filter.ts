// The part of Meilisearch's filter language the stand-in understands: `attr = value`, `attr != value`,
// `attr IN [a, b]`, AND, OR, NOT, parentheses, and the array form (outer array AND, inner array OR).
// Anything else is reported as not modelled rather than guessed at.
import { normalize } from '../../projections/search/tokenizer';

export type Scalar = string | number | boolean | null;
export type Predicate = (get: (attribute: string) => unknown) => boolean;

export class FilterSyntaxError extends Error {}
export class FilterNotModelledError extends Error {}

type Token = { kind: 'word' | 'quoted' | 'punct'; text: string };

function lex(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const c = input[i]!;
    if (/\s/.test(c)) i++;
    else if (c === '"' || c === "'") {
      let text = '';
      i++;
      while (i < input.length && input[i] !== c) {
        if (input[i] === '\\' && i + 1 < input.length) i++;
        text += input[i++];
      }
      if (input[i] !== c) throw new FilterSyntaxError(`unclosed quote in ${input}`);
      i++;
      tokens.push({ kind: 'quoted', text });
    } else if (input.startsWith('!=', i)) {
      tokens.push({ kind: 'punct', text: '!=' });
      i += 2;
    } else if ('=()[],<>'.includes(c)) {
      tokens.push({ kind: 'punct', text: c });
      i++;
    } else {
      let text = '';
      while (i < input.length && !/[\s=()[\],<>!"']/.test(input[i]!)) text += input[i++];
      if (!text) throw new FilterSyntaxError(`unexpected ${c} in ${input}`);
      tokens.push({ kind: 'word', text });
    }
  }
  return tokens;
}

/** Meilisearch compares strings normalised and a literal equal to a number equals that number. */
export function valueEquals(documentValue: unknown, literal: string): boolean {
  const values = Array.isArray(documentValue) ? documentValue : [documentValue];
  return values.some((v) => {
    if (typeof v === 'string') return normalize(v) === normalize(literal);
    if (typeof v === 'number') return literal.trim() !== '' && Number(literal) === v;
    if (typeof v === 'boolean') return String(v) === literal.toLowerCase();
    return false;
  });
}

class Parser {
  private position = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly source: string,
    private readonly seen: Set<string>,
  ) {}

  private peek(): Token | undefined {
    return this.tokens[this.position];
  }
  private next(): Token {
    const token = this.tokens[this.position++];
    if (!token) throw new FilterSyntaxError(`unexpected end of filter ${this.source}`);
    return token;
  }
  private keyword(word: string): boolean {
    const token = this.peek();
    if (token?.kind === 'word' && token.text.toUpperCase() === word) {
      this.position++;
      return true;
    }
    return false;
  }

  parseAll(): Predicate {
    const predicate = this.or();
    if (this.peek()) throw new FilterSyntaxError(`unexpected ${this.peek()!.text} in ${this.source}`);
    return predicate;
  }
  private or(): Predicate {
    const parts = [this.and()];
    while (this.keyword('OR')) parts.push(this.and());
    return parts.length === 1 ? parts[0]! : (get) => parts.some((p) => p(get));
  }
  private and(): Predicate {
    const parts = [this.not()];
    while (this.keyword('AND')) parts.push(this.not());
    return parts.length === 1 ? parts[0]! : (get) => parts.every((p) => p(get));
  }
  private not(): Predicate {
    if (this.keyword('NOT')) {
      const inner = this.not();
      return (get) => !inner(get);
    }
    const token = this.peek();
    if (token?.kind === 'punct' && token.text === '(') {
      this.next();
      const inner = this.or();
      if (this.next().text !== ')') throw new FilterSyntaxError(`missing ) in ${this.source}`);
      return inner;
    }
    return this.condition();
  }
  private condition(): Predicate {
    const attribute = this.next();
    if (attribute.kind === 'punct') throw new FilterSyntaxError(`expected an attribute in ${this.source}`);
    this.seen.add(attribute.text);
    const operator = this.next();
    if (operator.kind === 'punct' && (operator.text === '=' || operator.text === '!=')) {
      const value = this.next();
      if (value.kind === 'punct') throw new FilterSyntaxError(`expected a value in ${this.source}`);
      const equal: Predicate = (get) => valueEquals(get(attribute.text), value.text);
      return operator.text === '=' ? equal : (get) => !equal(get);
    }
    if (operator.kind === 'word' && operator.text.toUpperCase() === 'IN') {
      if (this.next().text !== '[') throw new FilterSyntaxError(`expected [ after IN in ${this.source}`);
      const values: string[] = [];
      for (let token = this.next(); token.text !== ']' || token.kind !== 'punct'; token = this.next()) {
        if (token.kind === 'punct' && token.text === ',') continue;
        values.push(token.text);
      }
      return (get) => values.some((v) => valueEquals(get(attribute.text), v));
    }
    throw new FilterNotModelledError(`operator ${operator.text} is not modelled by the stand-in`);
  }
}

function parseString(expression: string, seen: Set<string>): Predicate {
  return new Parser(lex(expression), expression, seen).parseAll();
}

/** Returns the predicate and the attributes it names (each must be filterable). */
export function parseFilter(filter: unknown): { predicate: Predicate; attributes: Set<string> } {
  const attributes = new Set<string>();
  if (filter === null || filter === undefined) return { predicate: () => true, attributes };
  if (typeof filter === 'string') return { predicate: parseString(filter, attributes), attributes };
  if (!Array.isArray(filter)) throw new FilterSyntaxError('a filter is a string or an array');
  const conjuncts = filter.map((part): Predicate => {
    if (typeof part === 'string') return parseString(part, attributes);
    if (Array.isArray(part) && part.every((p) => typeof p === 'string')) {
      const disjuncts = part.map((p: string) => parseString(p, attributes));
      return (get) => disjuncts.some((d) => d(get));
    }
    throw new FilterSyntaxError('array filters hold strings or arrays of strings');
  });
  return { predicate: (get) => conjuncts.every((c) => c(get)), attributes };
}
