// The smoke kernel in headless Chromium: the page (test/e2e/pages/smoke.html) is served by Vite's
// dev server and runs the GPU layer in the browser on SwiftShader (see
// docs/architecture.md, "Running without a GPU" for the flags).
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { createServer, type ViteDevServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SMOKE_GUARD_ELEMENTS, SMOKE_SENTINEL } from '../../src/gpu/smoke.ts';
import { SMOKE_A, SMOKE_B, smokeMismatches } from '../gpu/smoke-data.ts';
import type { PageSmokeResult } from './pages/smoke-page.ts';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const screenshotPath = join(repoRoot, 'test-output', 'chromium-smoke.png');

const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--enable-unsafe-webgpu',
  '--enable-features=Vulkan',
  '--use-angle=swiftshader',
  '--use-webgpu-adapter=swiftshader',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

function chromiumPath(): string {
  const path = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
  if (!existsSync(path)) {
    throw new Error(
      `Chromium not found at ${path}: install it (Debian: "apt-get update && apt-get install -y chromium libvulkan1", ` +
        'or run "node scripts/ensure-system.mjs") or point CHROMIUM_PATH at a Chromium binary',
    );
  }
  return path;
}

let server: ViteDevServer | undefined;
let browser: Browser | undefined;
let userDataDir: string | undefined;
let page: Page;
const pageProblems: string[] = [];
// A failed setup is rethrown by every test, so each one fails with the reason instead of being skipped.
let setupFailure: Error | undefined;

function ready(): void {
  if (setupFailure) throw setupFailure;
}

beforeAll(async () => {
  try {
    await startServerAndBrowser();
  } catch (error) {
    setupFailure = error instanceof Error ? error : new Error(String(error));
  }
});

async function startServerAndBrowser(): Promise<void> {
  const executablePath = chromiumPath();
  rmSync(screenshotPath, { force: true });
  const started = performance.now();
  server = await createServer({
    configFile: false,
    root: repoRoot,
    logLevel: 'error',
    cacheDir: mkdtempSync(join(tmpdir(), 'unroll-vite-')),
    // Nothing is discovered or optimised on the fly: a late dependency optimisation reloads the page.
    optimizeDeps: { noDiscovery: true, include: [] },
    server: { host: '127.0.0.1', port: 0, strictPort: true, hmr: false, watch: null },
  });
  await server.listen();
  const address = server.httpServer?.address();
  if (!address || typeof address === 'string') throw new Error('the Vite dev server has no TCP address');
  const url = `http://127.0.0.1:${address.port}/test/e2e/pages/smoke.html`;

  userDataDir = mkdtempSync(join(tmpdir(), 'unroll-chromium-'));
  browser = await puppeteer.launch({ executablePath, headless: true, args: CHROMIUM_FLAGS, userDataDir });
  page = await browser.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error') pageProblems.push(`console error: ${message.text()}`);
  });
  page.on('pageerror', (error) =>
    pageProblems.push(`page error: ${error instanceof Error ? error.message : String(error)}`),
  );
  page.on('requestfailed', (request) =>
    pageProblems.push(`request failed: ${request.url()} ${request.failure()?.errorText}`),
  );
  await page.goto(url, { waitUntil: 'load' });
  console.log(`[e2e] server and browser up, page loaded in ${(performance.now() - started).toFixed(0)} ms`);
}

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
});

describe('smoke kernel in headless Chromium', () => {
  let result: PageSmokeResult;

  it('runs in the page on the SwiftShader adapter, without page or console errors', async () => {
    ready();
    const started = performance.now();
    await page.waitForFunction(() => window.smokeResult !== undefined, { timeout: 60_000 });
    result = await page.evaluate(() => window.smokeResult);
    console.log(
      `[e2e] ${result.log.join(' | ')}; page smoke ${(performance.now() - started).toFixed(0)} ms ` +
        `(pipeline ${result.flat.pipelineMs.toFixed(0)} ms, run ${result.flat.runMs.toFixed(1)} ms)`,
    );
    mkdirSync(dirname(screenshotPath), { recursive: true });
    await page.screenshot({ path: screenshotPath });
    expect(pageProblems).toEqual([]);
    expect(result.adapter.architecture).toBe('swiftshader');
    expect(result.adapter.vendor).toBe('google');
    expect(result.adapter.isSoftware).toBe(true);
    expect(result.log).toEqual([
      'gpu backend on software adapter google/swiftshader (the browser offered no hardware adapter)',
    ]);
    expect(result.features).toContain('subgroups');
    expect(await page.$eval('#status', (element) => element.textContent)).toBe('passed');
  });

  it('computes a·x + b to f32 accuracy and writes nothing past n', () => {
    ready();
    expect(result, 'the page produced no result').toBeDefined();
    expect(result.flat.grid).toEqual([157, 1, 1]);
    expect(smokeMismatches(result.flat.x, SMOKE_A, SMOKE_B, result.flat.y)).toEqual([]);
    expect(result.flat.guard).toEqual(new Array(SMOKE_GUARD_ELEMENTS).fill(SMOKE_SENTINEL));
  });

  it('is correct on a grid folded into 2-D', () => {
    ready();
    expect(result, 'the page produced no result').toBeDefined();
    expect(result.folded.grid).toEqual([6, 3, 1]);
    expect(smokeMismatches(result.folded.x, SMOKE_A, SMOKE_B, result.folded.y)).toEqual([]);
    expect(result.folded.guard).toEqual(new Array(SMOKE_GUARD_ELEMENTS).fill(SMOKE_SENTINEL));
  });

  it('saved a screenshot', () => {
    ready();
    expect(existsSync(screenshotPath)).toBe(true);
  });
});
