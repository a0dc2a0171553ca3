// deploy/k8s/*.yaml parse, every Deployment has its probes and resources, and every environment
// variable a container gets (env, envFrom ConfigMaps, Secret references) is one its program reads.
// (Beside the cluster files because the unit project collects infra/**, not deploy/**.)
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { clickhouseSpec } from '@mentions/runtime';
import { cliSpec } from '../../packages/cli/src/clients.ts';
import { aggregateConfigSpec } from '../../services/aggregate/src/config.ts';
import { enrichConfigSpec } from '../../services/enrich/src/config.ts';
import { forecastConfigSpec } from '../../services/forecast/src/config.ts';
import { ingestConfigSpec } from '../../services/ingest/src/config.ts';

// The workspace root has no YAML parser of its own; enrich's (it parses the brands file) is used.
const { parseAllDocuments } = createRequire(new URL('../../services/enrich/package.json', import.meta.url))('yaml') as {
  parseAllDocuments(text: string): Array<{ errors: Array<{ message: string }>; toJS(): unknown }>;
};

const dir = new URL('../../deploy/k8s/', import.meta.url).pathname;

interface Container {
  name: string;
  args: string[];
  ports?: Array<{ name: string; containerPort: number }>;
  env?: Array<{ name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } }>;
  envFrom?: Array<{ configMapRef?: { name: string } }>;
  readinessProbe?: { httpGet?: { path: string; port: string } };
  livenessProbe?: { httpGet?: { path: string; port: string } };
  resources?: { requests?: { cpu?: string; memory?: string }; limits?: { memory?: string } };
  volumeMounts?: Array<{ name: string; mountPath: string }>;
}
interface PodSpec { containers: Container[]; volumes?: Array<{ name: string; emptyDir?: object }> }
interface Manifest {
  kind: string;
  metadata: { name: string; namespace?: string };
  data?: Record<string, string>;
  spec?: { replicas?: number; selector?: { matchLabels: Record<string, string> }; template: { metadata?: { labels?: Record<string, string> }; spec: PodSpec } };
}

const files = readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort();
const manifests: Manifest[] = files.flatMap((file) =>
  parseAllDocuments(readFileSync(join(dir, file), 'utf8')).map((doc) => {
    if (doc.errors.length) throw new Error(`${file}: ${doc.errors.map((e) => e.message).join('; ')}`);
    return doc.toJS() as Manifest;
  }));
const configMaps = new Map(manifests.filter((m) => m.kind === 'ConfigMap').map((m) => [m.metadata.name, m.data ?? {}]));
const deployments = manifests.filter((m) => m.kind === 'Deployment');

/** What each program reads, by its entry point. */
const specs: Record<string, object> = {
  'services/ingest/src/main.ts': ingestConfigSpec,
  'services/enrich/src/main.ts': enrichConfigSpec,
  'services/aggregate/src/main.ts': aggregateConfigSpec,
  'services/forecast/src/main.ts': forecastConfigSpec,
  'packages/cli/src/main.ts': { ...clickhouseSpec, ...cliSpec },
};

const mebibytes = (q: string) => {
  const m = /^(\d+)(Mi|Gi)$/.exec(q);
  if (!m) throw new Error(`memory quantity in Mi or Gi expected, got ${q}`);
  return Number(m[1]) * (m[2] === 'Gi' ? 1024 : 1);
};

describe('deploy/k8s', () => {
  it('has a Deployment for each of the four services, each in the mentions namespace', () => {
    expect(deployments.map((d) => d.metadata.name).sort()).toEqual(['aggregate', 'enrich', 'forecast', 'ingest']);
    for (const m of manifests.filter((x) => x.kind !== 'Namespace')) expect(m.metadata.namespace, `${m.kind} ${m.metadata.name}`).toBe('mentions');
  });

  it.each(deployments.map((d) => [d.metadata.name, d] as const))('%s: selector matches its pods, probes on /readyz and /healthz, requests and a memory limit', (_name, d) => {
    const spec = d.spec!;
    expect(spec.replicas).toBeGreaterThanOrEqual(1);
    expect(spec.template.metadata?.labels).toMatchObject(spec.selector!.matchLabels);
    for (const c of spec.template.spec.containers) {
      const http = c.ports?.find((p) => p.name === 'http');
      expect(http, `${c.name} names its port http`).toBeDefined();
      expect(c.readinessProbe?.httpGet).toEqual({ path: '/readyz', port: 'http' });
      expect(c.livenessProbe?.httpGet).toEqual({ path: '/healthz', port: 'http' });
      expect(c.env?.find((e) => e.name === 'HTTP_PORT')?.value).toBe(String(http!.containerPort));
      expect(c.resources?.requests?.cpu).toMatch(/^\d+m$/);
      expect(mebibytes(c.resources!.limits!.memory!)).toBeGreaterThanOrEqual(mebibytes(c.resources!.requests!.memory!));
    }
  });

  it.each(deployments.map((d) => [d.metadata.name, d] as const))("%s: keeps the image's compile cache in an emptyDir, so a restarted container starts from it", (_name, d) => {
    const dockerfile = readFileSync(new URL('../../deploy/Dockerfile', import.meta.url), 'utf8');
    const cacheDir = /^ENV NODE_COMPILE_CACHE=(\S+)$/m.exec(dockerfile)?.[1];
    expect(cacheDir).toBe('/tmp/node-compile-cache');
    const pod = d.spec!.template.spec;
    for (const c of pod.containers) {
      const mount = c.volumeMounts?.find((m) => m.mountPath === cacheDir);
      expect(mount, `${c.name} mounts ${cacheDir}`).toBeDefined();
      expect(pod.volumes?.find((v) => v.name === mount!.name)?.emptyDir).toBeDefined();
    }
  });

  it('consumer groups have no more replicas than the partitions of the topics they read', () => {
    const partitions = Number(configMaps.get('mentions-kafka')?.TOPIC_PARTITIONS);
    for (const d of deployments.filter((x) => x.metadata.name !== 'ingest')) expect(d.spec!.replicas, d.metadata.name).toBeLessThanOrEqual(partitions);
  });

  it('every variable a container gets is one its program reads', () => {
    const workloads = manifests.filter((m) => m.kind === 'Deployment' || m.kind === 'Job');
    expect(workloads.length).toBe(5);
    for (const w of workloads) {
      for (const c of w.spec!.template.spec.containers) {
        const spec = specs[c.args[0]!];
        expect(spec, `${w.metadata.name}: entry point ${c.args[0]}`).toBeDefined();
        const names = [
          ...(c.env ?? []).map((e) => e.name),
          ...(c.envFrom ?? []).flatMap((f) => {
            const data = configMaps.get(f.configMapRef!.name);
            expect(data, `${w.metadata.name}: ConfigMap ${f.configMapRef!.name}`).toBeDefined();
            return Object.keys(data!);
          }),
        ];
        const unknown = names.filter((n) => !(n in spec!));
        expect(unknown, `${w.metadata.name} sets variables its program does not read`).toEqual([]);
        for (const e of c.env ?? []) if (e.valueFrom?.secretKeyRef) expect(e.valueFrom.secretKeyRef).toMatchObject({ name: 'mentions-secrets', key: e.name });
      }
    }
  });
});
