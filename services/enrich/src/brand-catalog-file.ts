// IO, kept out of domain/: reads the brand config file and listens for signals. Loads the brand
// config from a path and swaps in a new catalog on SIGHUP or when the file changes. A bad
// config at start throws (the process must not start without brands); a bad config on reload
// goes to onError and the last good catalog stays in use.
import { watch, type FSWatcher } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { compileBrandCatalog, type BrandCatalog } from './domain/brands/brand-catalog.ts';
import { parseBrandConfig } from './domain/brands/brand-config.ts';

export interface BrandCatalogReloader {
  /** The catalog from the last config that loaded without error. */
  current(): BrandCatalog;
  /** Loads the file again; resolves true if the new catalog is in use. */
  reload(): Promise<boolean>;
  /** Stops listening for SIGHUP and file changes. */
  close(): void;
}

export interface BrandCatalogReloaderOptions {
  /** Reload on SIGHUP. Default true. */
  onSighup?: boolean;
  /** Reload when the file changes. Default true. */
  watchFile?: boolean;
  onReload?: (catalog: BrandCatalog) => void;
}

// Editors write a file in several steps; wait for them to settle before reading.
const CHANGE_SETTLE_MS = 200;

export async function loadBrandCatalogFile(path: string): Promise<BrandCatalog> {
  return compileBrandCatalog(parseBrandConfig(await readFile(path, 'utf8')));
}

export async function createBrandCatalogReloader(
  path: string,
  onError: (err: unknown) => void,
  options: BrandCatalogReloaderOptions = {},
): Promise<BrandCatalogReloader> {
  let catalog = await loadBrandCatalogFile(path);
  let settle: NodeJS.Timeout | undefined;
  let watcher: FSWatcher | undefined;

  const loadOnce = async (): Promise<boolean> => {
    try {
      catalog = await loadBrandCatalogFile(path);
    } catch (err) {
      onError(err);
      return false;
    }
    options.onReload?.(catalog);
    return true;
  };
  // One reload at a time, so a slow older read never replaces a newer catalog.
  let queue: Promise<boolean> = Promise.resolve(true);
  const reload = (): Promise<boolean> => (queue = queue.then(loadOnce));
  const reloadInBackground = (): void => void reload();

  if (options.onSighup ?? true) process.on('SIGHUP', reloadInBackground);
  if (options.watchFile ?? true) {
    // The directory, not the file: editors that save by rename would orphan a file watch.
    watcher = watch(dirname(path), (_event, name) => {
      if (name !== basename(path)) return;
      clearTimeout(settle);
      settle = setTimeout(reloadInBackground, CHANGE_SETTLE_MS);
    });
    watcher.on('error', onError);
  }

  return {
    current: () => catalog,
    reload,
    close: () => {
      process.off('SIGHUP', reloadInBackground);
      clearTimeout(settle);
      watcher?.close();
    },
  };
}
