/**
 * A tiny evaluator of the Prisma `where` shapes the access where-builders produce (AND, OR,
 * NOT, equals, not, in, notIn, to-one relations with or without `is`, to-many `some` /
 * `none`), against a plain record. Unit tests use it to check that a list's `where` and the
 * read rule agree, record by record, without a database. Throws on a shape it does not know,
 * so a builder cannot silently outgrow it.
 */
type Rec = Record<string, unknown>;

const isPlainObject = (v: unknown): v is Rec => typeof v === "object" && v !== null && !(v instanceof Date) && !Array.isArray(v);
const same = (a: unknown, b: unknown) => (a instanceof Date && b instanceof Date ? a.getTime() === b.getTime() : a === b);

function scalar(value: unknown, filter: unknown): boolean {
  if (!isPlainObject(filter)) return same(value, filter);
  return Object.entries(filter).every(([op, arg]) => {
    switch (op) {
      case "equals":
        return same(value, arg);
      case "not":
        return isPlainObject(arg) ? !scalar(value, arg) : !same(value, arg);
      case "in":
        return (arg as unknown[]).some((a) => same(value, a));
      case "notIn":
        return !(arg as unknown[]).some((a) => same(value, a));
      default:
        throw new Error(`where-match: unknown scalar filter ${op}`);
    }
  });
}

export function matchesWhere(record: Rec, where: unknown): boolean {
  if (!isPlainObject(where)) throw new Error("where-match: a where is an object");
  return Object.entries(where).every(([key, filter]) => {
    if (key === "AND") return (filter as unknown[]).every((w) => matchesWhere(record, w));
    if (key === "OR") return (filter as unknown[]).some((w) => matchesWhere(record, w));
    // Prisma: NOT with a list holds when every condition in it is false.
    if (key === "NOT") return Array.isArray(filter) ? !filter.some((w) => matchesWhere(record, w)) : !matchesWhere(record, filter);
    if (!(key in record)) throw new Error(`where-match: the record has no field ${key}`);
    const value = record[key];
    if (Array.isArray(value)) {
      const f = filter as { some?: unknown; none?: unknown; every?: unknown };
      if (f.some !== undefined) return value.some((v) => matchesWhere(v as Rec, f.some));
      if (f.none !== undefined) return !value.some((v) => matchesWhere(v as Rec, f.none));
      if (f.every !== undefined) return value.every((v) => matchesWhere(v as Rec, f.every));
      throw new Error(`where-match: unknown list filter on ${key}`);
    }
    if (isPlainObject(value) || (value === null && isPlainObject(filter) && ("is" in filter || "isNot" in filter))) {
      const f = filter as Rec;
      if ("is" in f) return f.is === null ? value === null : value !== null && matchesWhere(value as Rec, f.is);
      if ("isNot" in f) return f.isNot === null ? value !== null : value === null || !matchesWhere(value as Rec, f.isNot);
      return value !== null && matchesWhere(value as Rec, f);
    }
    return scalar(value, filter);
  });
}
