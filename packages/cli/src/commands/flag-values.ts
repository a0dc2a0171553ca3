// Parsers of numeric flag values; a bad value is a usage error (exit 2) naming what is valid.
import { InvalidArgumentError } from 'commander';

export function positiveNumber(v: string): number {
  const n = Number(v);
  if (v.trim() === '' || !(n > 0) || !Number.isFinite(n)) throw new InvalidArgumentError('expected a positive number');
  return n;
}

export function positiveInteger(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a positive integer');
  return n;
}

export function wholeNumber(v: string): number {
  const n = Number(v);
  if (v.trim() === '' || !Number.isSafeInteger(n)) throw new InvalidArgumentError('expected a whole number');
  return n;
}
