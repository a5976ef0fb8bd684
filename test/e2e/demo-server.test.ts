// `npm run demo` as a person stops it: a signal to the PID they started leaves nothing serving.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { expect, it } from 'vitest';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

async function answers(port: number): Promise<boolean> {
  try {
    return (await fetch(`http://127.0.0.1:${port}/`)).ok;
  } catch {
    return false;
  }
}

async function waitFor(condition: () => Promise<boolean>, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return false;
}

it('stops serving when the `npm run demo` process it started is sent SIGTERM', async () => {
  const port = await freePort();
  const npm = spawn('npm', ['run', 'demo', '--', '--port', String(port)], { stdio: 'ignore' });
  try {
    expect(await waitFor(() => answers(port), 150_000)).toBe(true);
    npm.kill('SIGTERM');
    expect(await waitFor(async () => !(await answers(port)), 10_000)).toBe(true);
  } finally {
    npm.kill('SIGKILL');
  }
}, 180_000);
