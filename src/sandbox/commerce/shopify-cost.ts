import {
  getNamedType,
  isLeafType,
  isObjectType,
  Kind,
  valueFromAST,
  GraphQLInt,
  type DocumentNode,
  type GraphQLObjectType,
  type GraphQLSchema,
  type SelectionSetNode,
} from 'graphql';

/**
 * Shopify's calculated query cost (docs/providers.md §1.11): scalars and enums cost 0, an object
 * 1, a connection 2 plus `first` times one of its nodes, a mutation 10 more. With `perParent`
 * (how many nodes each connection path returned, on average per parent) the same walk
 * gives the actual cost, which Shopify refunds the difference to.
 */
export function queryCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown>,
  perParent?: (path: string) => number | undefined,
): number {
  let total = 0;
  for (const def of document.definitions) {
    if (def.kind !== Kind.OPERATION_DEFINITION) continue;
    const root = def.operation === 'mutation' ? schema.getMutationType() : schema.getQueryType();
    if (!root) continue;
    total += (def.operation === 'mutation' ? 10 : 0) + selectionCost(def.selectionSet, root, '');
  }
  return total;

  function selectionCost(set: SelectionSetNode | undefined, parent: GraphQLObjectType, path: string): number {
    let cost = 0;
    for (const sel of set?.selections ?? []) {
      if (sel.kind === Kind.INLINE_FRAGMENT) cost += selectionCost(sel.selectionSet, parent, path);
      if (sel.kind !== Kind.FIELD) continue;
      const type = getNamedType(parent.getFields()[sel.name.value]?.type);
      if (!type || isLeafType(type) || !isObjectType(type)) continue;
      const here = path ? `${path}.${sel.name.value}` : sel.name.value;
      if (!type.name.endsWith('Connection')) {
        cost += 1 + selectionCost(sel.selectionSet, type, here);
        continue;
      }
      const firstArg = sel.arguments?.find((a) => a.name.value === 'first');
      const first = firstArg ? Number(valueFromAST(firstArg.value, GraphQLInt, variables) ?? 0) : 0;
      const count = perParent?.(here) ?? first;
      cost += 2;
      for (const child of sel.selectionSet?.selections ?? []) {
        if (child.kind !== Kind.FIELD) continue;
        const childType = getNamedType(type.getFields()[child.name.value]?.type);
        if (!childType || !isObjectType(childType)) continue;
        const one = 1 + selectionCost(child.selectionSet, childType, here);
        cost += child.name.value === 'nodes' || child.name.value === 'edges' ? count * one : one;
      }
    }
    return cost;
  }
}

/** Shopify's leaky bucket (docs/providers.md §1.11): Standard plan, 2000 points, refilled at 100 a second. */
const BUCKET_SIZE = 2000;
export const RESTORE_PER_SECOND = 100;

/** One shop's bucket as the sandbox keeps it. */
interface Bucket {
  available: number;
  at: number;
}

/**
 * One leaky bucket per shop: a query takes its requested cost, or is THROTTLED when the bucket
 * holds less; the difference to the actual cost is refunded after it ran.
 */
export class ShopBuckets {
  private readonly buckets = new Map<string, Bucket>();

  constructor(readonly restoreRate: number) {}

  /** Takes `requested` points from the shop's bucket; false (and nothing taken) when it holds less. */
  take(shop: string, requested: number): boolean {
    const b = this.refilled(shop);
    if (requested > b.available) return false;
    b.available -= requested;
    return true;
  }

  refund(shop: string, points: number): void {
    const b = this.refilled(shop);
    b.available = Math.min(BUCKET_SIZE, b.available + Math.max(0, points));
  }

  /** The `extensions.cost` Shopify puts in every answer. */
  extension(shop: string, requested: number, actual: number | null) {
    const b = this.refilled(shop);
    return {
      cost: {
        requestedQueryCost: requested,
        actualQueryCost: actual,
        throttleStatus: { maximumAvailable: BUCKET_SIZE, currentlyAvailable: Math.floor(b.available), restoreRate: this.restoreRate },
      },
    };
  }

  private refilled(shop: string): Bucket {
    const b = this.buckets.get(shop) ?? { available: BUCKET_SIZE, at: Date.now() };
    b.available = Math.min(BUCKET_SIZE, b.available + ((Date.now() - b.at) / 1000) * this.restoreRate);
    b.at = Date.now();
    this.buckets.set(shop, b);
    return b;
  }
}
