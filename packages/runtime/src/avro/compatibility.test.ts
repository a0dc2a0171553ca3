// Every released version of a contract is kept in schemas/avro/history/<file>.vN.avsc.
// This test fails when the current schema cannot read an older version (backward) or an
// older reader cannot read the current one (forward), or when a changed schema was not
// recorded as a new version.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import avro from 'avsc';
import { describe, expect, it } from 'vitest';

import { SCHEMA_DIR as dir } from './codec.ts';
const load = (p: string) => avro.Type.forSchema(JSON.parse(readFileSync(p, 'utf8')), { wrapUnions: false });

for (const file of readdirSync(dir).filter((f) => f.endsWith('.avsc'))) {
  const stem = file.replace(/\.avsc$/, '');
  const versions = readdirSync(join(dir, 'history'))
    .filter((h) => h.startsWith(`${stem}.v`))
    .sort((a, b) => Number(a.match(/\.v(\d+)\./)![1]) - Number(b.match(/\.v(\d+)\./)![1]));

  describe(file, () => {
    const current = load(join(dir, file));

    it('is recorded as the newest version in history/', () => {
      expect(versions.length, `add ${file} to history/ as ${stem}.v1.avsc`).toBeGreaterThan(0);
      const newest = load(join(dir, 'history', versions.at(-1)!));
      expect(JSON.stringify(current.schema({ exportAttrs: true })), `copy ${file} to history/ as the next version`).toBe(
        JSON.stringify(newest.schema({ exportAttrs: true })),
      );
    });

    for (const version of versions) {
      it(`stays backward- and forward-compatible with ${version}`, () => {
        const old = load(join(dir, 'history', version));
        expect(() => current.createResolver(old), `current cannot read ${version}`).not.toThrow();
        expect(() => old.createResolver(current), `${version} readers cannot read current`).not.toThrow();
      });
    }
  });
}
