// The page, its script and style, the charting library from node_modules (no CDN), and its
// data: GET /api/snapshot?range=<minutes>, one bounded read of ClickHouse per refresh. With a
// token, /api/* wants `Authorization: Bearer <token>` (the page sends the ?token= it was opened with).
import { createHash, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { DashboardMetrics } from './dashboard-metrics.ts';
import type { Snapshot } from './domain/snapshot.ts';

export interface DashboardRouteOptions {
  token: string;
  refreshMs: number;
  defaultRangeMinutes: number;
  /** The ranges a request may ask for, in minutes. */
  ranges: readonly number[];
  clickhouseUrl: string;
  metrics: DashboardMetrics;
  snapshot: (rangeMinutes: number) => Promise<Snapshot>;
  onReadError: (err: unknown) => void;
}

const resolve = createRequire(import.meta.url).resolve;
const publicFile = (name: string) => readFileSync(new URL(`../public/${name}`, import.meta.url));

interface Asset { type: string; body: Buffer }
const ASSETS: Record<string, () => Asset> = {
  '/': () => ({ type: 'text/html; charset=utf-8', body: publicFile('index.html') }),
  '/app.js': () => ({ type: 'text/javascript; charset=utf-8', body: publicFile('app.js') }),
  '/app.css': () => ({ type: 'text/css; charset=utf-8', body: publicFile('app.css') }),
  '/vendor/uPlot.iife.min.js': () => ({ type: 'text/javascript; charset=utf-8', body: readFileSync(resolve('uplot/dist/uPlot.iife.min.js')) }),
  '/vendor/uPlot.min.css': () => ({ type: 'text/css; charset=utf-8', body: readFileSync(resolve('uplot/dist/uPlot.min.css')) }),
};

const SECURITY_HEADERS = {
  'content-security-policy': "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

const digest = (s: string) => createHash('sha256').update(s).digest();

/** 401 without a bearer token, 403 with a wrong one; the comparison takes the same time for any token. */
function checkToken(expected: string, req: FastifyRequest): 200 | 401 | 403 {
  if (expected === '') return 200;
  const m = /^Bearer (.+)$/.exec(req.headers.authorization ?? '');
  if (!m) return 401;
  return timingSafeEqual(digest(m[1]!), digest(expected)) ? 200 : 403;
}

export async function dashboardRoutes(app: FastifyInstance, o: DashboardRouteOptions): Promise<void> {
  const assets = Object.entries(ASSETS).map(([path, load]) => [path, load()] as const);
  for (const [path, asset] of assets) {
    app.get(path, async (_req, reply) => reply.headers({ ...SECURITY_HEADERS, 'cache-control': 'no-cache' }).type(asset.type).send(asset.body));
  }

  const send = (reply: FastifyReply, status: number, body: unknown) => {
    o.metrics.apiRequests.inc({ status: String(status) });
    return reply.code(status).headers({ ...SECURITY_HEADERS, 'cache-control': 'no-store' }).send(body);
  };

  app.get('/api/snapshot', async (req, reply) => {
    const auth = checkToken(o.token, req);
    if (auth === 401) return send(reply.header('www-authenticate', 'Bearer'), 401, { error: 'missing bearer token (open the page with ?token=...)' });
    if (auth === 403) return send(reply, 403, { error: 'wrong token' });
    const raw = (req.query as { range?: string }).range;
    const range = raw === undefined ? o.defaultRangeMinutes : Number(raw);
    if (!o.ranges.includes(range)) return send(reply, 400, { error: `range: expected one of ${o.ranges.join(', ')} (minutes), got "${raw}"` });
    try {
      const snapshot = await o.snapshot(range);
      return send(reply, 200, { refresh_ms: o.refreshMs, ranges: o.ranges, ...snapshot });
    } catch (err) {
      o.onReadError(err);
      const e = err as Error & { code?: string };
      const why = e.code && /^E[A-Z]+$/.test(e.code) ? `is unreachable (${e.code})` : `failed: ${e.message.split('\n')[0]}`;
      return send(reply, 503, { error: `ClickHouse at ${o.clickhouseUrl} ${why}` });
    }
  });
}
