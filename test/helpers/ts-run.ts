// Arguments that let `node` run one of the project's .ts entry points. Node >= 22.18 and 24 strip types
// themselves (process.features.typescript); older Node needs the tsx loader.
export function tsRunArgs(): string[] {
  const features = process.features as { typescript?: string | false };
  return features.typescript ? [] : ['--import', 'tsx'];
}

/** `node` arguments to start a service's entry point, e.g. serviceArgs('aggregate'). */
export function serviceArgs(service: string): string[] {
  return [...tsRunArgs(), `services/${service}/src/main.ts`];
}
