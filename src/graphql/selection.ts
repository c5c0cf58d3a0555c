import { Kind, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';

/**
 * Whether the operation asks, under the field being resolved, for the field at `path`
 * (e.g. ['edges', 'node', 'items']): through aliases, inline fragments and named fragments.
 * A field under @skip/@include counts as asked for: loading it for nothing is only waste.
 * Resolvers use it to read only what the answer will hold.
 */
export function selects(info: GraphQLResolveInfo, path: readonly string[]): boolean {
  let level: SelectionSetNode[] = info.fieldNodes.flatMap((f) => (f.selectionSet ? [f.selectionSet] : []));
  for (const [depth, name] of path.entries()) {
    const next: SelectionSetNode[] = [];
    let found = false;
    const scan = (set: SelectionSetNode, seen: Set<string>) => {
      for (const s of set.selections) {
        if (s.kind === Kind.FIELD) {
          if (s.name.value !== name) continue;
          found = true;
          if (s.selectionSet) next.push(s.selectionSet);
        } else if (s.kind === Kind.INLINE_FRAGMENT) {
          scan(s.selectionSet, seen);
        } else if (!seen.has(s.name.value) && info.fragments[s.name.value]) {
          seen.add(s.name.value);
          scan(info.fragments[s.name.value]!.selectionSet, seen);
        }
      }
    };
    for (const set of level) scan(set, new Set());
    if (!found) return false;
    if (depth === path.length - 1) return true;
    level = next;
  }
  return true;
}
