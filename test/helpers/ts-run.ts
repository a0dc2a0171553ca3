// Arguments that let `node` run one of the project's .ts entry points. Node >= 22.18 and 24 strip types
// themselves (process.features.typescript); older Node needs the tsx loader.
export function tsRunArgs(): string[] {
  const features = process.features as { typescript?: string | false };
  return features.typescript ? [] : ['--import', 'tsx'];
}

/**
 * V8 flags every service runs with (scripts/service.sh, which the package.json start scripts, scripts/up.sh and the benches use; deploy/Dockerfile):
 * Node 22/24 size the young generation by the machine's memory (up to 64 MiB semi-spaces on this
 * 24 GiB machine); 16 MiB, Node 20's size, keeps a service's RSS where it was, at no cost in
 * throughput (bench/aggregate: peak RSS 344–444 → 286–298 MiB; docs/PLATFORM.md).
 */
export const SERVICE_NODE_FLAGS = ['--max-semi-space-size=16'];

/** `node` arguments to start a service's entry point, e.g. serviceArgs('aggregate'). */
export function serviceArgs(service: string): string[] {
  return [...SERVICE_NODE_FLAGS, ...tsRunArgs(), `services/${service}/src/main.ts`];
}
