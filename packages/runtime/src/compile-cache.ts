// Node's compile cache (NODE_COMPILE_CACHE, which scripts/env.sh sets) is written at exit; a service
// killed before then leaves nothing, and its next start loads the type stripper again in every thread
// that loads TypeScript (~17 MiB each: docs/PLATFORM.md). So each thread writes what it compiled once
// it has loaded its modules. Nothing happens without the variable.
import * as nodeModule from 'node:module';

export function flushCompileCache(): void {
  (nodeModule as { flushCompileCache?: () => void }).flushCompileCache?.(); // Node >= 22.10; @types/node is 20's
}
