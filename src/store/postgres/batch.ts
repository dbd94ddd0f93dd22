/**
 * Many rows in one statement: each column sent as one array parameter and zipped back into rows by `unnest`, so the
 * statement's text, and its prepared plan, stay the same whatever the number of rows.
 */

/** The parameters of a statement being written, numbered in the order they are added. */
export class Params {
  readonly values: unknown[] = [];

  /** One array parameter, as the SQL that reads it: `$n::type[]`. */
  array(values: readonly unknown[], type: string): string {
    this.values.push(values);
    return `$${this.values.length}::${type}[]`;
  }
}

/** A column of a batch: its name (and the rows' field holding it) and its PostgreSQL type. */
export type Column<R> = readonly [name: keyof R & string, type: string];

/** `unnest(…) AS alias(columns)`: the rows as a relation, one array parameter a column. */
export function unnestRows<R>(p: Params, alias: string, columns: readonly Column<R>[], rows: readonly R[]): string {
  const arrays = columns.map(([name, type]) => p.array(rows.map((r) => r[name]), type));
  return `unnest(${arrays.join(', ')}) AS ${alias}(${columns.map(([name]) => name).join(', ')})`;
}
