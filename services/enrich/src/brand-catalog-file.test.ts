import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BrandCatalog } from './domain/brands/brand-catalog.ts';
import { createBrandCatalogReloader, loadBrandCatalogFile } from './brand-catalog-file.ts';

const config = (query: string): string =>
  `competitive_sets:\n  airlines:\n    delta:\n      handles: [delta]\n      query: '${query}'\n`;

const names = (catalog: BrandCatalog, text: string): string[] => catalog.match(text).map((m) => m.brand.name);

describe('brand catalog file', () => {
  let dir: string;
  let path: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'brands-'));
    path = join(dir, 'brands.yaml');
    await writeFile(path, config('delta'));
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('loads a catalog from a file', async () => {
    expect(names(await loadBrandCatalogFile(path), 'delta')).toEqual(['delta']);
  });

  it('fails at start on a bad config', async () => {
    await writeFile(path, config('(delta'));
    await expect(createBrandCatalogReloader(path, () => {}, { watchFile: false })).rejects.toThrow(
      `brand "delta": query position 7: expected ')' but found end of query`,
    );
  });

  it('swaps in a good config and keeps the last good one on a bad config', async () => {
    const errors: unknown[] = [];
    const reloader = await createBrandCatalogReloader(path, (err) => errors.push(err), {
      watchFile: false,
      onSighup: false,
    });
    try {
      await writeFile(path, config('@delta'));
      expect(await reloader.reload()).toBe(true);
      expect(names(reloader.current(), 'delta')).toEqual([]);
      expect(names(reloader.current(), '@delta')).toEqual(['delta']);

      await writeFile(path, config('NOT delta'));
      expect(await reloader.reload()).toBe(false);
      expect(names(reloader.current(), '@delta')).toEqual(['delta']);
      expect(errors.map((e) => (e as Error).message)).toEqual([
        'brand "delta": query position 1: expected a positive term beside this NOT but found \'NOT\' alone',
      ]);
    } finally {
      reloader.close();
    }
  });

  it('reloads on SIGHUP until closed', async () => {
    const listenersBefore = process.listenerCount('SIGHUP');
    let notify = (): void => {};
    const reloader = await createBrandCatalogReloader(path, () => {}, { watchFile: false, onReload: () => notify() });
    await writeFile(path, config('@delta'));
    const done = new Promise<void>((resolve) => (notify = resolve));
    process.emit('SIGHUP', 'SIGHUP');
    await done;
    expect(names(reloader.current(), '@delta')).toEqual(['delta']);
    reloader.close();
    expect(process.listenerCount('SIGHUP')).toBe(listenersBefore);
  });
});
