import type Database from "better-sqlite3";

/** Rows per statement of the largest variant; smaller remainders use variants of 10 and 1. */
const SIZES = [100, 10, 1] as const;

/**
 * One statement in three sizes, each handling 100, 10 or 1 rows per call. better-sqlite3 pays a
 * fixed cost per call that is about as large as SQLite's own work for a small row, so binding
 * a hundred rows to one call nearly halves the cost of a batch.
 */
export class MultiRowStatement<Result = unknown> {
  private readonly statements: ReadonlyMap<number, Database.Statement<unknown[], Result>>;
  private readonly params: ReadonlyMap<number, unknown[]>;

  /**
   * @param sql builds the statement for `rows` rows.
   * @param paramsPerRow how many values `fill` writes per row.
   * @param pluck whether each statement returns only its first column.
   */
  constructor(
    db: Database.Database,
    sql: (rows: number) => string,
    private readonly paramsPerRow: number,
    pluck = false,
  ) {
    const statements = new Map<number, Database.Statement<unknown[], Result>>();
    const params = new Map<number, unknown[]>();
    for (const size of SIZES) {
      const statement = db.prepare<unknown[], Result>(sql(size));
      statements.set(size, pluck ? statement.pluck() : statement);
      params.set(size, new Array(size * paramsPerRow));
    }
    this.statements = statements;
    this.params = params;
  }

  /**
   * Runs the statement over rows `0..count)`: `fill(row, params, at)` writes row `row`'s values
   * into `params` from index `at`. Returns how many rows SQLite changed.
   */
  run(count: number, fill: RowFiller): number {
    let changed = 0;
    this.each(count, false, fill, (statement, params) => {
      changed += statement.run(params).changes;
    });
    return changed;
  }

  /**
   * Like {@link run}, but for statements that return rows (`RETURNING`), handed to `visit`.
   * Rows may be repeated to fill the last call, so the statement must be one where that is
   * harmless: a delete or a select by key, never an insert.
   */
  collect(count: number, fill: RowFiller, visit: (result: Result) => void): void {
    this.each(count, true, fill, (statement, params) => {
      for (const result of statement.all(params)) visit(result);
    });
  }

  private each(
    count: number,
    pad: boolean,
    fill: RowFiller,
    call: (statement: Database.Statement<unknown[], Result>, params: unknown[]) => void,
  ): void {
    const width = this.paramsPerRow;
    let row = 0;
    for (const size of SIZES) {
      const statement = this.statements.get(size) as Database.Statement<unknown[], Result>;
      const params = this.params.get(size) as unknown[];
      // Padding takes a call of `size` once more than a tenth of it would be used.
      while (count - row >= size || (pad && count - row > size / 10)) {
        for (let i = 0; i < size; i++) fill(Math.min(row + i, count - 1), params, i * width);
        call(statement, params);
        row += size;
      }
      if (row >= count) return;
    }
  }
}

/** Writes one row's values into `params` from index `at`. */
export type RowFiller = (row: number, params: unknown[], at: number) => void;
