// A fixed pool of synthetic authors with a long tail on both axes: how often they post (Zipf over the pool)
// and how many followers they have (log-normal, with a Pareto tail of large accounts). Each author writes
// in one language. The pool is a pure function of its seed.
import { createRng, mixSeed, type Rng } from './prng.ts';
import type { Language } from './types.ts';

export interface SyntheticAuthor {
  handle: string;
  id: string;
  name: string | null;
  followers: number;
  lang: Language;
}

export interface AuthorPoolOptions {
  seed: number;
  size: number;
  zipfExponent: number;
  languages: Readonly<Record<Language, number>>;
}

export interface AuthorPool {
  /** An author drawn by activity: rank r posts in proportion to 1 / r^exponent. */
  draw(rng: Rng): SyntheticAuthor;
  /** The author of rank r (1 = most active). */
  atRank(rank: number): SyntheticAuthor;
  readonly size: number;
}

const NAMES: Record<Language, { first: string[]; last: string[] }> = {
  en: {
    first: ['James', 'Emma', 'Olivia', 'Liam', 'Noah', 'Ava', 'Mia', 'Ethan', 'Chloe', 'Jack', 'Grace', 'Ryan', 'Zoe', 'Tyler', 'Hannah', 'Marcus', 'Priya', 'Kevin', 'Aisha', 'Dan', 'Megan', 'Chris', 'Jasmine', 'Tom', 'Kayla', 'Andre'],
    last: ['Smith', 'Johnson', 'Brown', 'Miller', 'Davis', 'Wilson', 'Taylor', 'Clark', 'Lewis', 'Walker', 'Hall', 'Young', 'King', 'Patel', 'Nguyen', 'Kim', 'Okafor', 'Murphy'],
  },
  es: {
    first: ['Lucía', 'Mateo', 'Sofía', 'Alejandro', 'Valentina', 'Diego', 'Camila', 'Javier', 'Martina', 'Pablo', 'Elena', 'Andrés'],
    last: ['García', 'Martínez', 'López', 'Sánchez', 'Pérez', 'Gómez', 'Fernández', 'Ruiz', 'Díaz', 'Moreno'],
  },
  fr: {
    first: ['Camille', 'Lucas', 'Léa', 'Hugo', 'Manon', 'Louis', 'Chloé', 'Théo', 'Inès', 'Julien', 'Élodie', 'Antoine'],
    last: ['Martin', 'Bernard', 'Dubois', 'Thomas', 'Robert', 'Richard', 'Petit', 'Durand', 'Leroy', 'Moreau'],
  },
  de: {
    first: ['Lukas', 'Anna', 'Leon', 'Mia', 'Felix', 'Lena', 'Jonas', 'Laura', 'Paul', 'Sophie', 'Maximilian', 'Jana'],
    last: ['Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Meyer', 'Wagner', 'Becker', 'Hoffmann', 'Koch'],
  },
  pt: {
    first: ['João', 'Ana', 'Pedro', 'Beatriz', 'Lucas', 'Mariana', 'Gabriel', 'Juliana', 'Rafael', 'Larissa', 'Thiago', 'Fernanda'],
    last: ['Silva', 'Santos', 'Oliveira', 'Souza', 'Costa', 'Pereira', 'Almeida', 'Ferreira', 'Rodrigues', 'Lima'],
  },
};

const HANDLE_WORDS = ['travels', 'tech', 'writes', 'eats', 'runs', 'fan', 'daily', 'codes', 'photos', 'on_the_go', 'says', 'life'];

export function createAuthorPool(options: AuthorPoolOptions): AuthorPool {
  const rng = createRng(mixSeed(options.seed, 0xa17));
  const taken = new Set<string>();
  const authors = Array.from({ length: options.size }, (_, index) => makeAuthor(rng, index, options, taken));
  const cumulative = new Float64Array(options.size);
  let total = 0;
  for (let rank = 1; rank <= options.size; rank++) {
    total += 1 / rank ** options.zipfExponent;
    cumulative[rank - 1] = total;
  }
  return {
    draw(draws) {
      const target = draws.next() * total;
      let low = 0;
      let high = options.size - 1;
      while (low < high) {
        const mid = (low + high) >> 1;
        if ((cumulative[mid] ?? 0) > target) high = mid;
        else low = mid + 1;
      }
      return authors[low] as SyntheticAuthor;
    },
    atRank: (rank) => authors[rank - 1] as SyntheticAuthor,
    size: options.size,
  };
}

function makeAuthor(rng: Rng, index: number, options: AuthorPoolOptions, taken: Set<string>): SyntheticAuthor {
  const lang = rng.weighted(options.languages);
  const { first, last } = NAMES[lang];
  const firstName = rng.pick(first);
  const lastName = rng.pick(last);
  const nameStyle = rng.next();
  return {
    handle: uniqueHandle(rng, firstName, lastName, taken),
    id: `${10_000 + (mixSeed(options.seed, index) % 90_000)}${String(index).padStart(6, '0')}`,
    name: nameStyle < 0.7 ? `${firstName} ${lastName}` : nameStyle < 0.85 ? firstName : null,
    followers: drawFollowers(rng),
    lang,
  };
}

function uniqueHandle(rng: Rng, firstName: string, lastName: string, taken: Set<string>): string {
  const f = asciiLower(firstName);
  const l = asciiLower(lastName);
  const patterns = [
    () => `${f}${l}`,
    () => `${f}_${l}`,
    () => `${f}${rng.int(100)}`,
    () => `${f[0] ?? ''}${l}`,
    () => `the${f}`,
    () => `${f}_${rng.pick(HANDLE_WORDS)}`,
    () => `${l}${1970 + rng.int(40)}`,
  ];
  let handle = rng.pick(patterns)();
  while (taken.has(handle)) handle = `${handle}${rng.int(10)}`;
  taken.add(handle);
  return handle;
}

/** Median about 180; 2% large accounts from a Pareto tail starting at 10k. */
function drawFollowers(rng: Rng): number {
  if (rng.chance(0.02)) return Math.min(50_000_000, Math.round(10_000 * (1 - rng.next()) ** (-1 / 1.1)));
  return Math.round(Math.exp(Math.log(180) + 1.5 * rng.normal()));
}

function asciiLower(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9_]/g, '');
}
