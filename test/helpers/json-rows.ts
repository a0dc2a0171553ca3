// Rows as ClickHouse's JSONEachRow prints them, made comparable across server versions.

/** JSONEachRow quotes 64-bit integers and may print floats differently: compare numbers, to 1e-9. */
export function normalize(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalize);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, normalize(v)]));
  if (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value)) return normalize(Number(value));
  if (typeof value === 'number') return Math.round(value * 1e9) / 1e9;
  return value;
}
