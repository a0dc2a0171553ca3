// INSERT bodies POSTed to ClickHouse's HTTP interface over one keep-alive connection, the way
// @clickhouse/client sends them, for formats the client does not encode (RowBinary) or takes
// only as a stream (TabSeparated).
import { Agent, request } from 'node:http';

export type HttpInsert = (query: string, body: Buffer | string) => Promise<void>;

export function createHttpInsert(url: string, database: string): { insert: HttpInsert; close: () => void } {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const insert: HttpInsert = (query, body) =>
    new Promise((resolve, reject) => {
      const target = new URL(url);
      target.searchParams.set('database', database);
      target.searchParams.set('query', query);
      const req = request(target, { method: 'POST', agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(Buffer.concat(chunks).toString('utf8')))));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(body);
    });
  return { insert, close: () => agent.destroy() };
}
