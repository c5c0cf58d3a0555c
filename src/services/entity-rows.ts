import type { EntityMetadata, EntityProperty } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { sql, type RawBuilder } from 'kysely';

/**
 * Plain rows of an entity's columns, read in SQL: the select list, the row's type and its
 * mapping all come from the entity (its columns' names and types in the ORM's metadata), so
 * a read names the properties it answers with and nothing else. Rows, not entities: a page
 * of them costs no hydration.
 */

/** A column's value as read: a reference as the id it holds, an embeddable as its columns. */
type Read<T> = T extends Date ? Date : T extends { id: string } ? string : T extends string | number | boolean ? T : { [K in keyof T]: Read<T[K]> };

/** A property's name in a row: a reference is named for the id it holds (channelAccount → channelAccountId). */
type RowKey<E, P extends keyof E & string> = NonNullable<E[P]> extends Date ? P : NonNullable<E[P]> extends { id: string } ? `${P}Id` : P;

/** The row of the entity's properties K; an optional one is null when empty. */
export type RowOf<E, K extends keyof E & string> = {
  [P in K as RowKey<E, P>]: undefined extends E[P] ? Read<NonNullable<E[P]>> | null : Read<E[P]>;
};

// Timestamps as ISO text: the ORM's pool hands timestamptz over as PostgreSQL's own text.
const iso = (column: RawBuilder<unknown>) => sql<string>`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

interface Field {
  /** Its key in the row, and within an embeddable. */
  key: string;
  within?: string;
  column: string;
  date: boolean;
  decimal: boolean;
}

export interface RowReader<Row> {
  /** `alias.a as "a", …`: the select list of the row. */
  select(alias: string): RawBuilder<unknown>;
  /** The row from what the select list gave. */
  toRow(raw: Record<string, unknown>): Row;
  /** `json_build_array(alias.a, …)`: the row as a JSON array, its amounts as text so they stay exact. */
  json(alias: string): RawBuilder<unknown>;
  fromJson(values: unknown[]): Row;
}

function fieldsOf(meta: EntityMetadata, properties: readonly string[]): Field[] {
  const field = (prop: EntityProperty, key: string, within?: string): Field => ({
    key,
    within,
    column: prop.fieldNames[0]!,
    date: prop.runtimeType === 'Date',
    decimal: prop.columnTypes[0]!.startsWith('numeric'),
  });
  return properties.flatMap((name) => {
    const prop = meta.properties[name as never] as EntityProperty;
    if (prop.kind === 'embedded') return meta.props.filter((p) => p.embedded?.[0] === name).map((p) => field(p, p.embedded![1], name));
    return [field(prop, prop.kind === 'm:1' ? `${name}Id` : name)];
  });
}

function build<Row>(fields: Field[]): RowReader<Row> {
  const embedded = new Set(fields.flatMap((f) => (f.within ? [f.within] : [])));
  const value = (f: Field, v: unknown) => (f.date && v !== null ? new Date(v as string) : v);
  const assemble = (values: unknown[]): Row => {
    const row: Record<string, unknown> = {};
    fields.forEach((f, i) => {
      if (!f.within) row[f.key] = value(f, values[i]);
      else ((row[f.within] ??= {}) as Record<string, unknown>)[f.key] = value(f, values[i]);
    });
    // An embeddable none of whose columns is set is absent.
    for (const name of embedded) if (Object.values(row[name] as object).every((v) => v === null)) row[name] = null;
    return row as Row;
  };
  const expr = (alias: string, f: Field) => (f.date ? iso(sql.ref(`${alias}.${f.column}`)) : sql.ref(`${alias}.${f.column}`));
  const alias = (f: Field) => (f.within ? `${f.within}.${f.key}` : f.key);
  return {
    select: (a) => sql.join(fields.map((f) => sql`${expr(a, f)} as ${sql.id(alias(f))}`)),
    toRow: (raw) => assemble(fields.map((f) => raw[alias(f)])),
    json: (a) => sql`json_build_array(${sql.join(fields.map((f) => (f.decimal ? sql`${expr(a, f)}::text` : expr(a, f))))})`,
    fromJson: assemble,
  };
}

/** The reader of rows of the entity's `properties`, made once for each ORM's metadata of it. */
export function rowsOf<E, K extends keyof E & string>(
  entity: abstract new (...args: never[]) => E,
  properties: readonly K[],
): (em: EntityManager) => RowReader<RowOf<E, K>> {
  const readers = new WeakMap<EntityMetadata, RowReader<RowOf<E, K>>>();
  return (em) => {
    const meta = em.getMetadata().get(entity as never) as EntityMetadata;
    let reader = readers.get(meta);
    if (!reader) readers.set(meta, (reader = build(fieldsOf(meta, properties))));
    return reader;
  };
}
