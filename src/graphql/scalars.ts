import { GraphQLError, GraphQLScalarType, Kind, type ValueNode } from 'graphql';
import { DateTimeResolver, JSONObjectResolver, LocalDateResolver } from 'graphql-scalars';

export { DateTimeResolver as DateTimeScalar, JSONObjectResolver as JSONObjectScalar, LocalDateResolver as LocalDateScalar };

const DECIMAL = /^-?(\d+)(?:\.(\d+))?$/;
// Amounts are stored as numeric(14,2) (domain/columns.ts): at most 12 digits before the point.
// Finer than 6 places is never money; a currency's own places are checked where it is known.
export const DECIMAL_MAX_WHOLE_DIGITS = 12;
const MAX_PLACES = 6;

// A literal's node goes with its error: it is how the argument holding it is named (input-check.ts).
const decimalError = (message: string, node?: ValueNode) => new GraphQLError(message, { nodes: node, extensions: { code: 'BAD_USER_INPUT' } });

function parseDecimal(value: unknown, node?: ValueNode): string {
  const text = typeof value === 'number' ? String(value) : value;
  const match = typeof text === 'string' ? DECIMAL.exec(text) : null;
  if (!match) {
    const shown = typeof value === 'string' && value.length > 40 ? `${JSON.stringify(value.slice(0, 40))}…` : JSON.stringify(value);
    throw decimalError(`Decimal must be a decimal number written as a string, such as "1249.50" (got ${shown})`, node);
  }
  const whole = match[1]!.replace(/^0+(?=\d)/, '');
  if (whole.length > DECIMAL_MAX_WHOLE_DIGITS)
    throw decimalError(`Decimal may have at most ${DECIMAL_MAX_WHOLE_DIGITS} digits before the point (got ${whole.length})`, node);
  if ((match[2]?.length ?? 0) > MAX_PLACES) throw decimalError(`Decimal may have at most ${MAX_PLACES} digits after the point (got ${match[2]!.length})`, node);
  return text as string;
}

/** Exact decimal numbers as strings ("1249.50"); money never passes through a float. */
export const DecimalScalar = new GraphQLScalarType({
  name: 'Decimal',
  description: 'A decimal number serialized as a string, e.g. "1249.50"',
  serialize: (value) => parseDecimal(value),
  parseValue: (value) => parseDecimal(value),
  parseLiteral: (ast) => {
    if (ast.kind === Kind.STRING || ast.kind === Kind.INT || ast.kind === Kind.FLOAT) return parseDecimal(ast.value, ast);
    throw decimalError('Decimal must be a string such as "1249.50"', ast);
  },
});
