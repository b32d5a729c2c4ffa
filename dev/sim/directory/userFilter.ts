// OData `$filter` on users, limited to what Entra ID accepts: which property takes which operator, and which
// operators need an advanced query (`ConsistencyLevel: eventual` plus `$count=true`).
import { GraphError } from "../types.js";
import type { SimUser } from "./simUser.js";
import { USER_NAVIGATION_PROPERTIES, USER_PROPERTIES } from "./userProperties.js";

type Operator = "eq" | "ne" | "in" | "startswith" | "endswith";

interface Filterable {
  type: "string" | "boolean";
  standard: readonly Operator[];
  advanced: readonly Operator[];
}

/** From the user resource docs ("Supports $filter (…)"), for the properties Cadence and its tests use. */
const FILTERABLE: Readonly<Record<string, Filterable>> = {
  id: { type: "string", standard: ["eq", "in"], advanced: ["ne"] },
  userPrincipalName: { type: "string", standard: ["eq", "in", "startswith"], advanced: ["ne", "endswith"] },
  mail: { type: "string", standard: ["eq", "in", "startswith"], advanced: ["ne", "endswith"] },
  displayName: { type: "string", standard: ["eq", "in", "startswith"], advanced: ["ne"] },
  department: { type: "string", standard: ["eq", "in"], advanced: ["ne"] },
  jobTitle: { type: "string", standard: ["eq", "in", "startswith"], advanced: ["ne"] },
  accountEnabled: { type: "boolean", standard: ["eq", "in"], advanced: ["ne"] },
};

/** Graph's internal operator names, which its error messages quote. */
const OPERATOR_NAMES: Record<Operator | "not", string> = {
  eq: "EqualsMatch",
  ne: "NotEqualsMatch",
  in: "In",
  startswith: "StartsWith",
  endswith: "EndsWith",
  not: "Not",
};

export interface UserFilterOptions {
  /** `ConsistencyLevel: eventual` and `$count=true` were both sent. */
  advanced: boolean;
  /** `/users/delta` only filters on `id eq '…'`. */
  delta?: boolean;
}

export type UserPredicate = (user: SimUser) => boolean;

type Literal = string | boolean | null;
interface Token {
  kind: "word" | "string" | "(" | ")" | ",";
  text: string;
  at: number;
}

const propertyByLowerName = new Map(
  [...USER_PROPERTIES.keys(), ...USER_NAVIGATION_PROPERTIES].map((name) => [name.toLowerCase(), name]),
);

export function parseUserFilter(text: string, options: UserFilterOptions): UserPredicate {
  const parser = new Parser(tokenize(text), text, options);
  const predicate = parser.parseOr();
  parser.expectEnd();
  return predicate;
}

class Parser {
  private position = 0;

  constructor(
    private readonly tokens: Token[],
    private readonly text: string,
    private readonly options: UserFilterOptions,
  ) {}

  parseOr(): UserPredicate {
    const terms = [this.parseAnd()];
    while (this.acceptWord("or")) terms.push(this.parseAnd());
    return terms.length === 1 ? terms[0]! : (user) => terms.some((term) => term(user));
  }

  expectEnd(): void {
    const token = this.tokens[this.position];
    if (token) this.syntaxError(`unexpected '${token.text}'`, token.at);
  }

  private parseAnd(): UserPredicate {
    const terms = [this.parseUnary()];
    while (this.acceptWord("and")) terms.push(this.parseUnary());
    return terms.length === 1 ? terms[0]! : (user) => terms.every((term) => term(user));
  }

  private parseUnary(): UserPredicate {
    if (this.acceptWord("not")) {
      if (!this.options.advanced || this.options.delta) this.unsupportedOperator("not");
      const inner = this.parseUnary();
      return (user) => !inner(user);
    }
    return this.parsePrimary();
  }

  private parsePrimary(): UserPredicate {
    const token = this.next();
    if (token.kind === "(") {
      const inner = this.parseOr();
      this.expect(")");
      return inner;
    }
    if (token.kind !== "word") return this.syntaxError(`unexpected '${token.text}'`, token.at);
    if (this.peek()?.kind === "(") return this.parseFunction(token);
    const property = this.property(token);
    const operatorToken = this.next();
    const operator = operatorToken.text.toLowerCase();
    if (operator === "in") {
      this.check(property, "in");
      this.expect("(");
      const values = [this.literal(property)];
      while (this.peek()?.kind === ",") {
        this.next();
        values.push(this.literal(property));
      }
      this.expect(")");
      return (user) => values.some((value) => matches(read(user, property), value));
    }
    if (operator === "eq" || operator === "ne") {
      this.check(property, operator);
      const value = this.literal(property);
      return operator === "eq"
        ? (user) => matches(read(user, property), value)
        : (user) => !matches(read(user, property), value);
    }
    if (["lt", "gt", "le", "ge", "has"].includes(operator)) {
      throw unsupportedClause(property);
    }
    return this.syntaxError(`expected an operator after '${token.text}'`, operatorToken.at);
  }

  private parseFunction(nameToken: Token): UserPredicate {
    const name = nameToken.text.toLowerCase();
    this.expect("(");
    const property = this.property(this.next());
    this.expect(",");
    if (name !== "startswith" && name !== "endswith") {
      throw new GraphError(
        400,
        "Request_UnsupportedQuery",
        `Unsupported property filter clause operator '${nameToken.text}'.`,
      );
    }
    this.check(property, name);
    const value = this.literal(property);
    this.expect(")");
    const prefix = String(value).toLowerCase();
    return name === "startswith"
      ? (user) =>
          String(read(user, property) ?? "")
            .toLowerCase()
            .startsWith(prefix)
      : (user) =>
          String(read(user, property) ?? "")
            .toLowerCase()
            .endsWith(prefix);
  }

  private property(token: Token): string {
    const name = token.kind === "word" ? propertyByLowerName.get(token.text.toLowerCase()) : undefined;
    if (!name) {
      throw new GraphError(
        400,
        "BadRequest",
        `Invalid filter clause: Could not find a property named '${token.text}' on type 'microsoft.graph.user'.`,
      );
    }
    return name;
  }

  /** Throws Graph's error when the property can't take the operator, or only in an advanced query. */
  private check(property: string, operator: Operator): void {
    const rules = FILTERABLE[property];
    if (!rules || (this.options.delta && (property !== "id" || operator !== "eq"))) {
      throw unsupportedClause(property);
    }
    if (rules.standard.includes(operator)) return;
    if (rules.advanced.includes(operator)) {
      if (this.options.advanced && !this.options.delta) return;
      if (operator === "ne") this.unsupportedOperator("ne");
    }
    throw unsupportedClause(property);
  }

  private literal(property: string): Literal {
    const token = this.next();
    const rules = FILTERABLE[property];
    let value: Literal;
    if (token.kind === "string") value = token.text;
    else if (token.kind === "word" && /^(true|false)$/i.test(token.text))
      value = token.text.toLowerCase() === "true";
    else if (token.kind === "word" && token.text.toLowerCase() === "null") value = null;
    else return this.syntaxError(`expected a literal, found '${token.text}'`, token.at);
    if (value !== null && rules && typeof value !== rules.type) {
      throw new GraphError(
        400,
        "BadRequest",
        `A binary operator with incompatible types was detected. Found operand types '${
          rules.type === "boolean" ? "Edm.Boolean" : "Edm.String"
        }' and '${typeof value === "boolean" ? "Edm.Boolean" : "Edm.String"}' for operator kind 'Equal'.`,
      );
    }
    return value;
  }

  private unsupportedOperator(operator: Operator | "not"): never {
    throw new GraphError(
      400,
      "Request_UnsupportedQuery",
      `Filter operator '${OPERATOR_NAMES[operator]}' is not supported.`,
    );
  }

  private acceptWord(word: string): boolean {
    const token = this.peek();
    if (token?.kind === "word" && token.text.toLowerCase() === word) {
      this.position += 1;
      return true;
    }
    return false;
  }

  private expect(kind: Token["kind"]): void {
    const token = this.next();
    if (token.kind !== kind) this.syntaxError(`expected '${kind}', found '${token.text}'`, token.at);
  }

  private peek(): Token | undefined {
    return this.tokens[this.position];
  }

  private next(): Token {
    const token = this.tokens[this.position];
    if (!token) return this.syntaxError("unexpected end of expression", this.text.length);
    this.position += 1;
    return token;
  }

  private syntaxError(problem: string, at: number): never {
    throw new GraphError(
      400,
      "BadRequest",
      `Invalid filter clause: Syntax error at position ${at} in '${this.text}' (${problem}).`,
    );
  }
}

function unsupportedClause(property: string): GraphError {
  return new GraphError(
    400,
    "Request_UnsupportedQuery",
    `Unsupported or invalid query filter clause specified for property '${property}' of resource 'User'.`,
  );
}

function read(user: SimUser, property: string): unknown {
  return (user as unknown as Record<string, unknown>)[property] ?? null;
}

/** Directory string comparisons ignore case. */
function matches(actual: unknown, expected: Literal): boolean {
  if (expected === null) return actual === null;
  if (typeof expected === "string")
    return typeof actual === "string" && actual.toLowerCase() === expected.toLowerCase();
  return actual === expected;
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const char = text[i]!;
    if (/\s/.test(char)) {
      i += 1;
    } else if (char === "(" || char === ")" || char === ",") {
      tokens.push({ kind: char, text: char, at: i });
      i += 1;
    } else if (char === "'") {
      const start = i;
      let value = "";
      i += 1;
      for (;;) {
        if (i >= text.length) {
          throw new GraphError(
            400,
            "BadRequest",
            `Invalid filter clause: unterminated string literal at ${start}.`,
          );
        }
        if (text[i] === "'") {
          if (text[i + 1] === "'") {
            value += "'";
            i += 2;
            continue;
          }
          i += 1;
          break;
        }
        value += text[i];
        i += 1;
      }
      tokens.push({ kind: "string", text: value, at: start });
    } else {
      const match = /^[^\s(),']+/.exec(text.slice(i))!;
      tokens.push({ kind: "word", text: match[0], at: i });
      i += match[0].length;
    }
  }
  return tokens;
}
