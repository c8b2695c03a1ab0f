/**
 * The shape every context's access table has (ADR 0011): for each relation the caller
 * can have to a record, and each state the record can be in, the operations allowed.
 * A context's `policies.ts` decides the relation (pure, from ids and kinds), looks the
 * operation up here, and builds its list `where` from the same table, so a read, a list
 * and an action can never disagree. Pure: no I/O.
 */
export type AccessTable<R extends string, S extends string, O extends string> = {
  /** The context, as the generated matrix (docs/access-matrix.md) names it. */
  context: string;
  /** One line on what the records are. */
  subject: string;
  relations: readonly R[];
  states: readonly S[];
  operations: readonly O[];
  /** What each relation means, for the generated matrix. */
  relationNotes: Record<R, string>;
  stateNotes: Record<S, string>;
  rules: Record<R, Partial<Record<S, readonly O[]>>>;
  /** Decisions the table alone does not show (a deliberate difference from SPEC §2, a guard). */
  notes?: readonly string[];
};

export function defineAccess<const R extends string, const S extends string, const O extends string>(table: AccessTable<R, S, O>): AccessTable<R, S, O> {
  return table;
}

/** Whether `relation` may do `operation` on a record in `state`. */
export function allows<R extends string, S extends string, O extends string>(table: AccessTable<R, S, O>, relation: R, state: S, operation: O): boolean {
  return table.rules[relation]?.[state]?.includes(operation) ?? false;
}

/** Every (relation, state) pair that allows `operation`: what a list `where` is built from. */
export function grantsOf<R extends string, S extends string, O extends string>(table: AccessTable<R, S, O>, operation: O): { relation: R; state: S }[] {
  return table.relations.flatMap((relation) => table.states.filter((state) => allows(table, relation, state, operation)).map((state) => ({ relation, state })));
}

/** A `where` that matches nothing (a caller with no grant sees an empty list). */
export const NOTHING = { id: { in: [] as string[] } } as const;

/**
 * A list `where` from the table: one OR branch per (relation, state) that grants
 * `operation`, as `branchOf` writes it (null when the caller cannot hold that relation);
 * NOTHING when no branch is left.
 */
export function grantsWhere<R extends string, S extends string, O extends string, W>(
  table: AccessTable<R, S, O>,
  operation: O,
  branchOf: (relation: R, state: S) => W | null,
): { OR: W[] } | typeof NOTHING {
  const branches = grantsOf(table, operation).flatMap(({ relation, state }) => {
    const branch = branchOf(relation, state);
    return branch ? [branch] : [];
  });
  return branches.length ? { OR: branches } : NOTHING;
}
