// A real Alertmanager (Debian's prometheus-alertmanager) for the integration tests, on a free
// port with a receiver that sends nothing, and its v2 API's list of alerts.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { waitFor } from '../../../test/helpers/stack.ts';

export const ALERTMANAGER = '/usr/bin/prometheus-alertmanager';
export const hasAlertmanager = spawnSync(ALERTMANAGER, ['--version']).status === 0;

export async function startAlertmanager(dir: string, port: number): Promise<ChildProcess> {
  writeFileSync(join(dir, 'alertmanager.yml'), 'route:\n  receiver: blackhole\nreceivers:\n  - name: blackhole\n');
  const child = spawn(ALERTMANAGER, [
    `--config.file=${join(dir, 'alertmanager.yml')}`, `--storage.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--cluster.listen-address=',
  ], { stdio: 'ignore' });
  await waitFor('Alertmanager ready', async () => (await fetch(`http://127.0.0.1:${port}/-/ready`).catch(() => undefined))?.ok, 15_000);
  return child;
}

export type ActiveAlert = { labels: Record<string, string>; annotations: Record<string, string>; status: { state: string }; endsAt: string };
export const activeAlerts = async (port: number) => (await (await fetch(`http://127.0.0.1:${port}/api/v2/alerts`)).json()) as ActiveAlert[];
