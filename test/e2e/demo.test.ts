// The demo page end to end: built with Vite (JS API) into a temporary folder, served by
// `vite preview` on 127.0.0.1, driven in headless Chromium on SwiftShader. A person's path:
// type a sentence, translate, read the translation, the heatmap and the GPU/CPU comparison.
// Uses the trained model models/en-es when it is there (the page bundles it), else a small
// random model with a vocabulary written next to the built page and opened with ?model=
// (also when UNROLL_DEMO_RANDOM_MODEL=1). Switching between the LSTM and the Transformer needs
// both bundled models (models/en-es and models/en-es-transformer) and fails saying so without them.
// The reader's guidance: the model's coverage and unknown words flagged before translating, a stale
// result marked, a cleared input clearing the output, and a 60-word input on a phone (the heatmap,
// tree and step-through scroll with their labels in view; a tapped cell shows its value; no element
// reaches past its card), with the step-through's speed control and keys.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { copyFile, readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { build, preview, type PreviewServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoReady, DemoView } from '../../demo/app/handle.ts';
import { detokenize, tokenizeSource } from '../../demo/text/tokenize.ts';
import type { Hypothesis } from '../../src/model/results.ts';
import { createCpuRunner } from '../../src/engine/cpu-runner.ts';
import { loadModelDir } from '../../src/model/load-node.ts';
import type { Model } from '../../src/model/model.ts';
import { defaultConfig, randomModel } from '../../src/model/random-model.ts';
import { writeSafetensors } from '../../src/model/safetensors-write.ts';
import { expectedTensors } from '../../src/model/tensor-spec.ts';
import { createBackend } from '../../src/node.ts';
import { writeModelDir as writeModelFiles } from '../helpers/model-files.ts';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const outputDir = join(repoRoot, 'test-output');
const desktopShot = join(outputDir, 'demo-desktop.png');
const phoneShot = join(outputDir, 'demo-phone.png');
const trainedDir = join(repoRoot, 'models', 'en-es');
const transformerDir = join(repoRoot, 'models', 'en-es-transformer');
const RANDOM_MODEL_DIR = 'test-model';

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

const MODEL_FILES = ['config.json', 'model.safetensors', 'vocab.json'];

function hasModelFiles(dir: string): boolean {
  return MODEL_FILES.every((file) => existsSync(join(dir, file)));
}

function hasTrainedModel(): boolean {
  return hasModelFiles(trainedDir);
}

/** A small model (2-layer bidirectional LSTM, general attention, input feeding) with word-like tokens. */
function smallRandomModel(): Model {
  const config = defaultConfig({
    cell: 'lstm',
    num_layers: 2,
    bidirectional: true,
    attention: 'general',
    input_feeding: true,
    src_vocab_size: 40,
    tgt_vocab_size: 36,
    embedding_dim: 16,
    hidden_size: 24,
  });
  const specials = ['<pad>', '<unk>', '<s>', '</s>'];
  const words = (prefix: string, n: number) => [
    ...specials,
    ...Array.from({ length: n - 4 }, (_, i) => `${prefix}${i + 4}`),
  ];
  return { ...randomModel(config, 11, 0.6), vocab: { source: words('en', 40), target: words('es', 36) } };
}

function writeModelDir(dir: string, model: Model): void {
  mkdirSync(dir, { recursive: true });
  const tensors = Object.fromEntries(
    expectedTensors(model.config).map((spec) => [
      spec.name,
      { shape: spec.shape, data: model.weights.get(spec.name)! },
    ]),
  );
  writeFileSync(join(dir, 'config.json'), JSON.stringify(model.config));
  writeFileSync(join(dir, 'model.safetensors'), writeSafetensors(tensors));
  writeFileSync(join(dir, 'vocab.json'), JSON.stringify(model.vocab));
}

let outDir: string | undefined;
let server: PreviewServer | undefined;
let browser: Browser | undefined;
let userDataDir: string | undefined;
let page: Page;
let baseUrl: string;
let pageUrl: string;
let model: Model;
let sentence: string;
let usesTrainedModel = false;
const pageProblems: string[] = [];
let setupFailure: Error | undefined;

function ready(): void {
  if (setupFailure) throw setupFailure;
}

function watchProblems(target: Page, problems: string[]): void {
  target.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  target.on('pageerror', (error) =>
    problems.push(`page error: ${error instanceof Error ? error.message : String(error)}`),
  );
  target.on('requestfailed', (request) =>
    problems.push(`request failed: ${request.url()} ${request.failure()?.errorText}`),
  );
}

beforeAll(async () => {
  try {
    await startPage();
  } catch (error) {
    setupFailure = error instanceof Error ? error : new Error(String(error));
  }
}, 300_000);

async function startPage(): Promise<void> {
  const executablePath = chromiumPath();
  rmSync(desktopShot, { force: true });
  rmSync(phoneShot, { force: true });
  const started = performance.now();
  outDir = mkdtempSync(join(tmpdir(), 'unroll-demo-'));
  const configFile = join(repoRoot, 'vite.config.ts');
  const root = join(repoRoot, 'demo');
  await build({ configFile, root, logLevel: 'error', build: { outDir, emptyOutDir: true } });

  // UNROLL_DEMO_RANDOM_MODEL=1 takes the random model even when the trained one is there.
  usesTrainedModel = hasTrainedModel() && !process.env.UNROLL_DEMO_RANDOM_MODEL;
  let query = '';
  if (usesTrainedModel) {
    model = await loadModelDir(trainedDir);
    const testSet = join(repoRoot, 'data', 'en-es', 'test.en');
    const lines = existsSync(testSet) ? (await import('node:fs')).readFileSync(testSet, 'utf8').split('\n') : [];
    // From the end of the test set: not the example the page translates on its own at load.
    const fitting = lines.filter((line) => line.split(' ').length >= 6 && line.split(' ').length <= 9);
    sentence = fitting[fitting.length - 1] ?? 'the red cat is under the table .';
  } else {
    model = smallRandomModel();
    writeModelDir(join(outDir, RANDOM_MODEL_DIR), model);
    query = `?model=${RANDOM_MODEL_DIR}/`;
    sentence = 'en7 en12 en5 en30 en9';
  }

  server = await preview({
    configFile,
    root,
    logLevel: 'error',
    build: { outDir },
    preview: { host: '127.0.0.1', port: 0, strictPort: true, open: false },
  });
  const address = server.httpServer.address();
  if (!address || typeof address === 'string') throw new Error('vite preview has no TCP address');
  baseUrl = `http://127.0.0.1:${address.port}/`;
  pageUrl = `${baseUrl}${query}`;

  userDataDir = mkdtempSync(join(tmpdir(), 'unroll-chromium-'));
  browser = await puppeteer.launch({ executablePath, headless: true, args: CHROMIUM_FLAGS, userDataDir });
  page = await browser.newPage();
  await page.setViewport({ width: 1280, height: 900 });
  watchProblems(page, pageProblems);
  await page.goto(pageUrl, { waitUntil: 'load' });
  console.log(
    `[demo e2e] built and served in ${(performance.now() - started).toFixed(0)} ms; model: ${usesTrainedModel ? 'models/en-es (trained)' : 'random'}`,
  );
}

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
  if (outDir) rmSync(outDir, { recursive: true, force: true });
});

/** The CPU reference's n-best for the sentence, tokenised as the page does. */
async function reference(beam: number, nBest: number): Promise<{ ids: number[]; hypotheses: Hypothesis[] }> {
  const ids = tokenizeSource(sentence, model.vocab!.source, model.config.unk_id).map((token) => token.id);
  const [hypotheses] = await createCpuRunner(model).translate([ids], { beam, nBest, attention: true });
  return { ids, hypotheses };
}

const text = (ids: number[]) => detokenize(ids.map((id) => model.vocab!.target[id]));

/** Chooses the options, types the sentence and clicks Translate, as a person would; then waits. */
async function translateByHand(beam: number, nBest: number, target: Page = page): Promise<DemoView> {
  await target.select('#beam-select', String(beam));
  await target.select('#nbest-select', String(nBest));
  await target.click('#source-input', { count: 3 });
  await target.keyboard.press('Backspace');
  await target.type('#source-input', sentence);
  await target.click('#translate-button');
  // The click queues the translation: wait for it (and its comparison) to finish.
  await target.waitForFunction(() => document.querySelector('#translate-button')?.textContent === 'Translate', {
    timeout: 120_000,
  });
  await target.evaluate(() => window.__unrollDemo.idle());
  return target.evaluate(() => window.__unrollDemo.view());
}

/** Picks a model in the picker, as a person would; the page loads it and translates the typed sentence again. */
async function pickByHand(target: Page, pick: 'lstm' | 'transformer'): Promise<DemoView> {
  await target.select('#model-select', pick);
  await target.evaluate(() => window.__unrollDemo.idle());
  return target.evaluate(() => window.__unrollDemo.view());
}

/** The greedy ids of the CPU reference of `of` for the sentence. */
async function greedyIds(of: Model): Promise<number[]> {
  const ids = tokenizeSource(sentence, of.vocab!.source, of.config.unk_id).map((token) => token.id);
  const [hypotheses] = await createCpuRunner(of).translate([ids], { beam: 1, nBest: 1 });
  return hypotheses[0].ids;
}

/** The weights of the cells of a heatmap, as drawn. */
function cellWeights(target: Page, selector: string): Promise<string[]> {
  return target.$$eval(`${selector} rect.cell`, (cells) => cells.map((cell) => cell.getAttribute('data-weight') ?? ''));
}

describe('the demo page in headless Chromium', () => {
  let loaded: DemoReady;

  it('loads the model and starts the GPU backend on the SwiftShader adapter', async () => {
    ready();
    loaded = await page.evaluate(() => window.__unrollDemo.ready);
    console.log(`[demo e2e] ready: ${JSON.stringify(loaded)}`);
    expect(loaded.error).toBeUndefined();
    expect(loaded.backend).toBe('gpu');
    expect(loaded.adapter).toEqual({ vendor: 'google', architecture: 'swiftshader', isSoftware: true });
    expect(await page.$eval('#adapter-badge', (element) => element.textContent)).toBe(
      'software GPU: google · swiftshader',
    );
    expect(await page.$eval('#adapter-kind', (element) => element.textContent)).toBe('software (runs on the CPU)');
    // The page translates its first example on its own; that run must finish cleanly too.
    await page.evaluate(() => window.__unrollDemo.idle());
    expect(pageProblems).toEqual([]);
  });

  it('translates a typed sentence on the GPU exactly as the CPU reference does (greedy)', async () => {
    ready();
    const started = performance.now();
    const view = await translateByHand(1, 1);
    console.log(
      `[demo e2e] greedy: "${sentence}" → "${view.translation}" (${(performance.now() - started).toFixed(0)} ms)`,
    );
    const { ids, hypotheses } = await reference(1, 1);
    expect(view.error).toBeNull();
    expect(view.backend).toBe('gpu');
    expect(view.ids).toEqual(hypotheses[0].ids);
    expect(view.translation).toBe(text(hypotheses[0].ids) || '(empty translation)');
    expect(view.nBest).toEqual([text(hypotheses[0].ids) || '(empty)']);

    // Heatmap: one row per generated step (EOS included), one column per source token.
    const steps = hypotheses[0].attention!.length;
    expect(steps).toBeGreaterThan(0);
    expect(view.heatmap).toEqual({ rows: steps, columns: ids.length, cells: steps * ids.length });

    expect(view.agree).toBe('true');
    expect(view.comparison).toContain('The outputs agree: same greedy translation on the GPU and the CPU.');
    expect(view.notice).toBeNull();
    expect(pageProblems).toEqual([]);
  });

  it('shows a beam search n-best list, its tree, and says where it was computed', async () => {
    ready();
    const view = await translateByHand(3, 3);
    const { hypotheses } = await reference(3, 3);
    const expected = hypotheses.map((hypothesis) => text(hypothesis.ids) || '(empty)');
    console.log(`[demo e2e] beam 3 on the ${view.backend}: ${JSON.stringify(view.nBest)}`);
    expect(view.nBest).toEqual(expected);
    expect(view.translation).toBe(expected[0] === '(empty)' ? '(empty translation)' : expected[0]);
    if (view.backend === 'gpu') {
      expect(view.notice).toBeNull();
      expect(view.agree).toBe('true');
      expect(view.comparison).toContain('same 3-best list (beam 3)');
    } else {
      // The GPU backend could not run this search: the page says so and shows the CPU's result.
      expect(view.backend).toBe('cpu');
      expect(view.notice).toMatch(
        /^The GPU could not run this beam search \(.+\)\. Showing the CPU reference’s result instead\.$/,
      );
      expect(view.comparison).toContain('The GPU could not run beam 3');
    }
    // One final box per n-best entry, and at least one expanded box per step of the best path.
    expect(await page.$$eval('#beam-tree g.node.final', (nodes) => nodes.length)).toBe(hypotheses.length);
    const chosen = await page.$$eval('#beam-tree g.node.chosen', (nodes) => nodes.length);
    expect(chosen).toBe(hypotheses[0].attention!.length + 1);
    expect(pageProblems).toEqual([]);
  });

  it('steps through the encoder and the decoder', async () => {
    ready();
    await page.click('#step-controls button[title="first frame"]');
    expect(await page.$eval('#step-caption', (element) => element.textContent)).toMatch(
      /^Encoder layer 1 reading forward, position 1 of \d+: /,
    );
    expect(await page.$$eval('#step-figure image.chip', (chips) => chips.length)).toBe(1);
    await page.click('#jump-decoder');
    expect(await page.$eval('#step-caption', (element) => element.textContent)).toMatch(
      /^Decoder step 1: it reads “<s> \(start\)”/,
    );
    expect(await page.$$eval('#step-figure .attention-line', (lines) => lines.length)).toBe(
      tokenizeSource(sentence, model.vocab!.source, model.config.unk_id).length,
    );
    expect(await page.$$eval('#step-candidates .candidate.chosen', (rows) => rows.length)).toBe(1);
    await page.click('#step-controls button[title="last frame"]');
    expect(pageProblems).toEqual([]);
  });

  it('is readable at desktop and phone widths (screenshots in test-output/)', async () => {
    ready();
    mkdirSync(outputDir, { recursive: true });
    // No element reaches past its card: wide figures scroll inside theirs.
    expect(await clippedContent(page)).toEqual([]);
    await page.screenshot({ path: desktopShot, fullPage: true });
    // A phone: mobile emulation reloads the page, so it loads and translates again.
    await page.setViewport({ width: 390, height: 844, deviceScaleFactor: 1, isMobile: true, hasTouch: true });
    const again = await page.evaluate(() => window.__unrollDemo.ready);
    expect(again.error).toBeUndefined();
    const view = await page.evaluate((text) => window.__unrollDemo.translate(text, { beam: 3, nBest: 2 }), sentence);
    const { hypotheses } = await reference(3, 2);
    expect(view.ids).toEqual(hypotheses[0].ids);
    // Wide figures shrink or scroll inside their cards; the page itself never scrolls sideways.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(await clippedContent(page)).toEqual([]);
    // Device scale 1: a full page of twice the pixels passes Chromium's 8192-pixel texture limit and
    // comes back with the page's top repeated at its end.
    await page.screenshot({ path: phoneShot, fullPage: true });
    expect(existsSync(desktopShot)).toBe(true);
    expect(existsSync(phoneShot)).toBe(true);
    expect(pageProblems).toEqual([]);
  });

  it('falls back to the CPU reference with a clear notice when the browser has no WebGPU', async () => {
    ready();
    const noGpu = await browser!.newPage();
    const problems: string[] = [];
    watchProblems(noGpu, problems);
    await noGpu.evaluateOnNewDocument(() => {
      delete (Navigator.prototype as { gpu?: unknown }).gpu;
    });
    await noGpu.goto(pageUrl, { waitUntil: 'load' });
    const result = await noGpu.evaluate(() => window.__unrollDemo.ready);
    expect(result).toEqual({ model: usesTrainedModel ? 'models/en-es' : `${RANDOM_MODEL_DIR}/`, backend: 'cpu' });
    const view = await noGpu.evaluate((text) => window.__unrollDemo.translate(text, { beam: 1, nBest: 1 }), sentence);
    const { hypotheses } = await reference(1, 1);
    expect(view.backend).toBe('cpu');
    expect(view.ids).toEqual(hypotheses[0].ids);
    expect(view.agree).toBe('unavailable');
    expect(await noGpu.$eval('#adapter-badge', (element) => element.textContent)).toBe('CPU only: no WebGPU');
    expect(await noGpu.$eval('#page-notice', (element) => (element as HTMLElement).hidden)).toBe(false);
    expect(await noGpu.$eval('#page-notice', (element) => element.textContent)).toContain(
      'No WebGPU here. WebGPU is not available in this browser. The page runs everything on the CPU reference instead',
    );
    // Without a GPU no text speaks of matching it.
    expect(await noGpu.$eval('#step-note', (element) => element.textContent)).not.toContain('GPU');
    expect(await noGpu.$eval('#translate-time', (element) => element.textContent)).toMatch(
      /^answered in .+ \(the CPU reference’s translate\(\) call: .+\)$/,
    );
    expect(problems).toEqual([]);
    await noGpu.close();
  });

  it('switches LSTM → Transformer → LSTM on the same sentence, with the Transformer’s heads and cache', async () => {
    ready();
    const missing = [trainedDir, transformerDir].filter((dir) => !hasModelFiles(dir));
    if (missing.length > 0) {
      throw new Error(
        `switching models needs both bundled models: ${missing.map((dir) => relative(repoRoot, dir)).join(' and ')} ` +
          `lack ${MODEL_FILES.join(', ')}. Train them (models/en-es: the LSTM, models/en-es-transformer: the Transformer) and run the test again.`,
      );
    }
    const lstm = usesTrainedModel ? model : await loadModelDir(trainedDir);
    const transformer = await loadModelDir(transformerDir);
    const switching = await browser!.newPage();
    const problems: string[] = [];
    watchProblems(switching, problems);
    await switching.setViewport({ width: 1280, height: 900 });
    await switching.goto(`${baseUrl}?pick=lstm`, { waitUntil: 'load' });
    expect((await switching.evaluate(() => window.__unrollDemo.ready)).model).toBe('models/en-es');
    // The page translates its first example on its own: the button is busy until then.
    await switching.evaluate(() => window.__unrollDemo.idle());

    const first = await translateByHand(1, 1, switching);
    expect(first.model).toBe('lstm');
    expect(first.ids).toEqual(await greedyIds(lstm));
    expect(first.heatmapHead).toBeNull();

    // The Transformer, on the sentence still in the box; the address names it.
    const started = performance.now();
    const onTransformer = await pickByHand(switching, 'transformer');
    console.log(
      `[demo e2e] transformer on the ${onTransformer.backend}: "${onTransformer.translation}" (${(performance.now() - started).toFixed(0)} ms)`,
    );
    expect(onTransformer.error).toBeNull();
    expect(onTransformer.model).toBe('transformer');
    expect(await switching.evaluate(() => location.search)).toBe('?pick=transformer');
    expect(await switching.$eval('#source-input', (input) => (input as HTMLInputElement).value)).toBe(sentence);
    expect(onTransformer.translation.length).toBeGreaterThan(0);
    expect(onTransformer.ids).toEqual(await greedyIds(transformer));
    expect(onTransformer.translation).toBe(
      detokenize(onTransformer.ids.map((id) => transformer.vocab!.target[id])) || '(empty translation)',
    );
    const lastLayer = transformer.config.format === 'seq2seq-transformer' ? transformer.config.decoder_layers - 1 : 0;
    expect(onTransformer.heatmapHead).toBe(`${lastLayer}:average`);
    const S = tokenizeSource(sentence, transformer.vocab!.source, transformer.config.unk_id).length;
    expect(onTransformer.heatmap.columns).toBe(S);
    expect(onTransformer.heatmap.rows).toBe(onTransformer.ids.length + 1);
    expect(await switching.$eval('#model-what', (element) => element.textContent)).toContain('self-attention');
    expect(await clippedContent(switching)).toEqual([]);

    // The head selector redraws the cross-attention with that head's weights.
    const averaged = await cellWeights(switching, '#heatmap');
    await switching.select('#head-select', `${lastLayer}:0`);
    const headView = await switching.evaluate(() => window.__unrollDemo.view());
    expect(headView.heatmapHead).toBe(`${lastLayer}:0`);
    expect(headView.heatmap).toEqual(onTransformer.heatmap);
    const head0 = await cellWeights(switching, '#heatmap');
    expect(head0).toHaveLength(averaged.length);
    expect(head0).not.toEqual(averaged);
    // The encoder's self-attention: source × source, per head.
    expect(await switching.$eval('#encoder-attention', (element) => (element as HTMLElement).hidden)).toBe(false);
    const encoderAverage = await cellWeights(switching, '#encoder-attention');
    expect(encoderAverage).toHaveLength(S * S);
    await switching.select('#encoder-head-select', '0:1');
    expect(await cellWeights(switching, '#encoder-attention')).not.toEqual(encoderAverage);

    // The step-through: the decoder's steps, the cache one entry longer each step.
    await switching.click('#jump-decoder');
    expect(await switching.$eval('#step-caption', (element) => element.textContent)).toMatch(
      /^Decoder step 1: it reads “<s> \(start\)” at position 0, adds its keys and values to the cache \(now 1 entry\)/,
    );
    const cache = () =>
      switching.$eval('#cache-attention', (element) => ({
        entries: Number((element as HTMLElement).dataset.cache),
        rows: Number(element.querySelector('svg')?.dataset.rows),
        cells: element.querySelectorAll('rect.cell').length,
      }));
    expect(await cache()).toEqual({ entries: 1, rows: 1, cells: 1 });
    await switching.click('#step-controls button[title="next step"]');
    expect(await cache()).toEqual({ entries: 2, rows: 2, cells: 3 });
    await switching.click('#step-controls button[title="next step"]');
    expect(await cache()).toEqual({ entries: 3, rows: 3, cells: 6 });
    expect(await switching.$eval('#step-caption', (element) => element.textContent)).toContain('(now 3 entries)');
    expect(await switching.$$eval('#cross-step-attention rect.cell', (cells) => cells.length)).toBe(S);
    expect(await switching.$$eval('#step-candidates .candidate.chosen', (rows) => rows.length)).toBe(1);

    // Back to the LSTM: its own translation and views, nothing of the Transformer left.
    const back = await pickByHand(switching, 'lstm');
    expect(back.model).toBe('lstm');
    expect(back.ids).toEqual(first.ids);
    expect(back.heatmapHead).toBeNull();
    expect(await switching.evaluate(() => location.search)).toBe('?pick=lstm');
    expect(await switching.$eval('#encoder-attention', (element) => (element as HTMLElement).hidden)).toBe(true);
    await switching.click('#jump-decoder');
    expect(await switching.$eval('#step-caption', (element) => element.textContent)).toMatch(
      /^Decoder step 1: it reads “<s> \(start\)” and updates its state/,
    );
    expect(problems).toEqual([]);

    // A link opens the same view.
    await switching.goto(`${baseUrl}?pick=transformer`, { waitUntil: 'load' });
    expect((await switching.evaluate(() => window.__unrollDemo.ready)).model).toBe('models/en-es-transformer');
    expect(await switching.$eval('#model-select', (select) => (select as HTMLSelectElement).value)).toBe('transformer');
    expect(problems).toEqual([]);
    await switching.close();
  });

  it('says clearly when there is no model to load', async () => {
    ready();
    const missing = await browser!.newPage();
    const problems: string[] = [];
    watchProblems(missing, problems);
    await missing.goto(`${baseUrl}?model=no-such-model/`, { waitUntil: 'load' });
    const result = await missing.evaluate(() => window.__unrollDemo.ready);
    expect(result.error).toMatch(
      / is missing \(no-such-model\/[a-z.]+: (HTTP 404|the server answered with a web page)\)$/,
    );
    const status = await missing.$eval('#load-status', (element) => element.textContent ?? '');
    expect(status).toContain('The model could not be loaded.');
    // A model by address: the hint is about the address, not about training into the repository.
    expect(status).toContain('Check the address after ?model= (no-such-model/)');
    expect(status).not.toContain('models/en-es/');
    expect(await missing.$eval('#translate-button', (element) => (element as HTMLButtonElement).disabled)).toBe(true);
    // The only complaints are the browser's own reports of the 404 responses: the loader reads every
    // missing file's answer to its end, so no request is dropped unread (reported as aborted).
    const expected = /status of 404/;
    expect(problems.filter((problem) => !expected.test(problem))).toEqual([]);
    await missing.close();
  });
  it('takes the more decoding options, shows alignment on hover, and grows the translation while it decodes', async () => {
    ready();
    await page.evaluate(() => window.__unrollDemo.idle());
    // Watch the translation: the partial states the page shows while decoding.
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { partials: string[] }).partials = seen;
      const translation = document.getElementById('translation')!;
      new MutationObserver(() => {
        if (translation.classList.contains('partial')) seen.push(translation.textContent ?? '');
      }).observe(translation, { childList: true, characterData: true, subtree: true, attributes: true });
    });
    const unk = model.vocab!.target[model.config.unk_id];
    const setField = (selector: string, value: string | boolean) =>
      page.$eval(
        selector,
        (input, v) => {
          const field = input as HTMLInputElement;
          if (typeof v === 'boolean') field.checked = v;
          else field.value = v;
          field.dispatchEvent(new Event('change'));
        },
        value,
      );
    await page.click('#more-options summary');
    await setField('#prefix-input', unk);
    await setField('#no-repeat-input', '2');
    await setField('#coverage-input', '0.2');
    await setField('#replace-unknowns', true);
    const view = await translateByHand(1, 1);
    const source = tokenizeSource(sentence, model.vocab!.source, model.config.unk_id);
    const [expected] = await createCpuRunner(model).translate([source.map((token) => token.id)], {
      prefix: [[model.config.unk_id]],
      noRepeatNgram: 2,
      coveragePenalty: 0.2,
      alignment: true,
    });
    console.log(`[demo e2e] options on the ${view.backend}: "${view.translation}" ${JSON.stringify(view.alignment)}`);
    expect(view.error).toBeNull();
    expect(view.ids).toEqual(expected[0].ids);
    expect(view.alignment).toEqual(expected[0].alignment);
    // The forced unk shows the source word it is aligned with, as typed.
    const first = source[view.alignment[0]].typed;
    expect(view.translation.startsWith(first)).toBe(true);
    // Hovering an output word lights up its aligned source token.
    await page.hover('#translation .out-token');
    const lit = await page.$$eval('#source-tokens > *', (tokens) =>
      tokens.flatMap((token, j) => (token.classList.contains('aligned') ? [j] : [])),
    );
    expect(lit).toEqual([view.alignment[0]]);

    // Sampling (beam 1) on a long input: the same draw as the CPU reference, shown while it grows.
    await setField('#prefix-input', '');
    await setField('#no-repeat-input', '0');
    await setField('#coverage-input', '0');
    await setField('#replace-unknowns', false);
    await setField('#sampling-toggle', true);
    await setField('#temperature-input', '1.2');
    await setField('#seed-input', '3');
    const long = `${sentence} ${sentence} ${sentence}`;
    const sampled = await page.evaluate((text) => window.__unrollDemo.translate(text), long);
    const longIds = tokenizeSource(long, model.vocab!.source, model.config.unk_id).map((token) => token.id);
    const [drawn] = await createCpuRunner(model).translate([longIds], {
      sampling: { topP: 1, temperature: 1.2, seed: 3 },
    });
    console.log(
      `[demo e2e] sampled on the ${sampled.backend}, ${sampled.progress} partial states: "${sampled.translation}"`,
    );
    expect(sampled.error).toBeNull();
    expect(sampled.ids).toEqual(drawn[0].ids);
    expect(sampled.progress).toBeGreaterThan(0);
    const partials = await page.evaluate(() => (window as unknown as { partials: string[] }).partials);
    expect(partials.length).toBeGreaterThan(0);
    expect(partials.every((partial) => partial.endsWith(' …'))).toBe(true);
    await setField('#sampling-toggle', false);
    expect(pageProblems).toEqual([]);
  });
});

/** Elements of each card that reach past its edges, outside the scrolling figures that hold wide content. */
function clippedContent(target: Page): Promise<string[]> {
  return target.evaluate(() => {
    const found: string[] = [];
    for (const card of Array.from(document.querySelectorAll<HTMLElement>('.card'))) {
      const box = card.getBoundingClientRect();
      for (const element of Array.from(card.querySelectorAll<HTMLElement>('*'))) {
        if (element.closest('[hidden]')) continue;
        // Inside a scroller the content may be wider: the scroller itself must fit.
        let scrolled = false;
        for (let up = element.parentElement; up && up !== card; up = up.parentElement) {
          if (['auto', 'scroll', 'hidden'].includes(getComputedStyle(up).overflowX)) scrolled = true;
        }
        if (scrolled) continue;
        const rect = element.getBoundingClientRect();
        if (rect.width === 0) continue;
        if (rect.left < box.left - 1 || rect.right > box.right + 1) {
          found.push(`#${card.id} ${element.tagName.toLowerCase()}.${element.getAttribute('class') ?? ''}`);
        }
      }
    }
    return found;
  });
}

/** Waits for every queued translation of `target`, then reads what it shows. */
async function settled(target: Page): Promise<DemoView> {
  await target.evaluate(() => window.__unrollDemo.idle());
  return target.evaluate(() => window.__unrollDemo.view());
}

/** The left and top of an element on screen. */
function corner(target: Page, selector: string): Promise<{ left: number; top: number }> {
  return target.$eval(selector, (element) => {
    const rect = element.getBoundingClientRect();
    return { left: rect.left, top: rect.top };
  });
}

describe('the demo page guides its reader', () => {
  const longShot = join(outputDir, 'demo-phone-long.png');
  const longDesktopShot = join(outputDir, 'demo-desktop-long.png');
  let phone: Page | undefined;
  const phoneProblems: string[] = [];

  afterAll(async () => {
    await phone?.close();
  });

  it('states the coverage, flags unknown words before translating, marks a stale result and clears it', async () => {
    ready();
    const guide = await browser!.newPage();
    const problems: string[] = [];
    watchProblems(guide, problems);
    await guide.setViewport({ width: 1280, height: 900 });
    await guide.goto(pageUrl, { waitUntil: 'load' });
    await guide.evaluate(() => window.__unrollDemo.ready);
    await settled(guide);
    const coverage = await guide.$eval('#coverage-note', (element) => element.textContent ?? '');
    expect(coverage).toContain(`${model.vocab!.source.length} English`);
    if (usesTrainedModel) expect(coverage).toContain('synthetic English→Spanish grammar');

    // Typed, not translated: the words the model lacks are named at once.
    const check = () =>
      guide.$eval('#input-check', (element) => ({
        hidden: (element as HTMLElement).hidden,
        level: (element as HTMLElement).dataset.level,
        text: element.textContent ?? '',
      }));
    await guide.click('#source-input', { count: 3 });
    await guide.type('#source-input', 'xyzzy plugh');
    expect(await check()).toMatchObject({ hidden: false, level: 'nonsense' });
    await guide.click('#source-input', { count: 3 });
    await guide.type('#source-input', `${sentence} xyzzy`);
    const flagged = await check();
    expect(flagged).toMatchObject({ hidden: false, level: 'warn' });
    expect(flagged.text).toContain('“xyzzy”');

    // A result, then an option changes: the result says it is out of date, and Translate again renews it.
    await translateByHand(1, 1, guide);
    expect(await guide.$eval('#stale-note', (element) => (element as HTMLElement).hidden)).toBe(true);
    expect(await guide.$eval('#translate-time', (element) => element.textContent)).toMatch(/^answered in .+ \(the /);
    await guide.select('#beam-select', '2');
    expect(await guide.$eval('#stale-note', (element) => (element as HTMLElement).hidden)).toBe(false);
    expect(await guide.$eval('#stale-note', (element) => element.textContent)).toContain('beam width');
    expect(await guide.$eval('#translate-output', (element) => element.classList.contains('stale'))).toBe(true);
    await guide.click('#translate-again');
    const renewed = await settled(guide);
    expect(renewed.nBest.length).toBeGreaterThan(0);
    expect(await guide.$eval('#stale-note', (element) => (element as HTMLElement).hidden)).toBe(true);

    // Cleared and submitted: the error, and no old translation left under it.
    await guide.click('#source-input', { count: 3 });
    await guide.keyboard.press('Backspace');
    await guide.click('#translate-button');
    const cleared = await settled(guide);
    expect(cleared.error).toContain('type a sentence first');
    expect(await guide.$eval('#translate-output', (element) => (element as HTMLElement).hidden)).toBe(true);
    expect(cleared.heatmap.cells).toBe(0);

    // The software adapter's numbers are close to the CPU's, not "exact".
    const notice = await guide.$eval('#page-notice', (element) => element.textContent ?? '');
    expect(notice).toContain('within the tolerances');
    expect(notice).not.toContain('exact');
    expect(problems).toEqual([]);
    await guide.close();
  });

  it('keeps a 60-word input readable on a phone: the map, the tree and the unrolling scroll with labels in view', async () => {
    ready();
    phone = await browser!.newPage();
    watchProblems(phone, phoneProblems);
    await phone.setViewport({ width: 390, height: 844, deviceScaleFactor: 1, isMobile: true, hasTouch: true });
    await phone.goto(pageUrl, { waitUntil: 'load' });
    await phone.evaluate(() => window.__unrollDemo.ready);
    await settled(phone);
    const words = sentence.split(' ');
    const long = Array.from({ length: 60 }, (_, i) => words[i % words.length]).join(' ');
    await phone.click('#source-input', { count: 3 });
    await phone.type('#source-input', long);
    if (usesTrainedModel) {
      // Past the trained lengths: said before translating.
      expect(await phone.$eval('#input-check', (element) => element.textContent)).toContain('60 tokens');
    }
    const started = performance.now();
    const view = await phone.evaluate((text) => window.__unrollDemo.translate(text, { beam: 1, nBest: 1 }), long);
    console.log(
      `[demo e2e] 60 words on the ${view.backend}: ${view.ids.length} tokens out (${(performance.now() - started).toFixed(0)} ms)`,
    );
    expect(view.error).toBeNull();
    expect(view.heatmap.columns).toBe(60);

    // The map keeps readable cells and scrolls both ways, its labels moving along.
    const map = '#heatmap .map-scroll';
    const cell = await phone.$eval('#heatmap rect.cell', (element) => element.getBoundingClientRect().width);
    expect(cell).toBeGreaterThanOrEqual(20);
    const room = await phone.$eval(map, (element) => ({
      wide: element.scrollWidth > element.clientWidth,
      tall: element.scrollHeight > element.clientHeight,
    }));
    expect(room).toEqual({ wide: true, tall: true });
    expect(await phone.$eval('#heatmap .scroll-cue', (element) => (element as HTMLElement).hidden)).toBe(false);
    const box = await corner(phone, map);
    await phone.$eval(map, (element) => element.scrollTo(600, 400));
    await phone.waitForFunction(
      (selector) => document.querySelector(`${selector} g[data-sticky="left"]`)?.getAttribute('transform') !== null,
      {},
      map,
    );
    await phone.evaluate(() => new Promise(requestAnimationFrame));
    const rowLabels = await corner(phone, `${map} g[data-sticky="left"] rect.label-band`);
    const columnLabels = await corner(phone, `${map} g[data-sticky="top"] rect.label-band`);
    expect(Math.abs(rowLabels.left - box.left)).toBeLessThanOrEqual(2);
    expect(Math.abs(columnLabels.top - box.top)).toBeLessThanOrEqual(2);
    expect(await phone.$$eval(`${map} text.axis-title`, (titles) => titles.map((title) => title.textContent))).toEqual([
      'English read →',
      'Spanish written ↓',
    ]);
    expect(await phone.$eval('#heatmap .weight-scale', (element) => element.textContent)).toContain('100%');

    // A tap on a cell writes its value out: touch has no hover tooltip.
    await phone.$eval(map, (element) => element.scrollTo(0, 0));
    await phone.evaluate(() => new Promise(requestAnimationFrame));
    await phone.tap('#heatmap rect.cell[data-row="0"][data-col="0"]');
    const readout = await phone.$eval('#heatmap .cell-readout', (element) => element.textContent ?? '');
    expect(readout).toMatch(/^“.+” attends to “.+”: \d+\.\d%$/);
    expect(await phone.$eval('#heatmap rect.cell.picked', (element) => element.getAttribute('data-col'))).toBe('0');

    // The tree: wider than the phone, it says so, and scrolls.
    const treeCue = () =>
      phone!.$eval('#tree-scroll-cue', (element) => ((element as HTMLElement).hidden ? '' : element.textContent));
    // It follows the step-through (at its last frame here): the cue points back to the start.
    expect(await treeCue()).not.toBe('');
    await phone.$eval('#beam-tree', (element) => element.scrollTo(0, 0));
    await phone.waitForFunction(() =>
      document.querySelector('#tree-scroll-cue')?.textContent?.endsWith('scroll sideways →'),
    );

    // A tapped box says what its tooltip says.
    await phone.tap('#beam-tree g.node.chosen');
    expect(await phone.$eval('#tree-readout', (element) => element.textContent)).toContain('running sum');

    // The unrolling at its last frame: scrolled to the end, its row labels still at the left edge.
    await phone.click('#step-controls button[title="last frame"]');
    await phone.evaluate(() => new Promise(requestAnimationFrame));
    const figure = await corner(phone, '#step-figure');
    expect(await phone.$eval('#step-figure', (element) => element.scrollLeft)).toBeGreaterThan(0);
    const stepLabels = await corner(phone, '#step-figure g[data-sticky="left"] rect.label-band');
    expect(Math.abs(stepLabels.left - figure.left)).toBeLessThanOrEqual(2);

    // Nothing reaches past its card, and the page does not scroll sideways.
    expect(await clippedContent(phone)).toEqual([]);
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    mkdirSync(outputDir, { recursive: true });
    await phone.screenshot({ path: longShot, fullPage: true });

    await phone.setViewport({ width: 1280, height: 900, deviceScaleFactor: 1, isMobile: true, hasTouch: true });
    await phone.evaluate(() => new Promise(requestAnimationFrame));
    expect(await clippedContent(phone)).toEqual([]);
    await phone.screenshot({ path: longDesktopShot, fullPage: true });
    expect(phoneProblems).toEqual([]);
  });

  it('plays the unrolling at a chosen speed and follows the keyboard', async () => {
    ready();
    if (!phone) throw new Error('needs the page of the previous test');
    const counter = () => phone!.$eval('#step-counter', (element) => element.textContent ?? '');
    // Click in the panel (not on a control): the keys then go to it.
    await phone.click('#step-caption');
    await phone.keyboard.press('Home');
    expect(await counter()).toMatch(/^1 \/ \d+$/);
    await phone.keyboard.press('ArrowRight');
    await phone.keyboard.press('ArrowRight');
    expect(await counter()).toMatch(/^3 \/ \d+$/);
    await phone.keyboard.press('ArrowLeft');
    expect(await counter()).toMatch(/^2 \/ \d+$/);
    await phone.keyboard.press('End');
    const [last, total] = (await counter()).split(' / ');
    expect(last).toBe(total);

    // The fastest speed plays the whole unrolling (hundreds of frames) in seconds.
    await phone.select('#play-speed', '45');
    await phone.keyboard.press('Home');
    await phone.click('#step-controls button[title="play the unrolling"]');
    expect(
      await phone.$eval('#step-controls button.icon:nth-child(3)', (element) => element.getAttribute('title')),
    ).toBe('pause');
    const frames = Number(total);
    await phone.waitForFunction(
      (end) => document.querySelector('#step-counter')?.textContent === `${end} / ${end}`,
      { timeout: frames * 45 * 3 + 10_000 },
      frames,
    );
    // Space toggles playing from the panel.
    await phone.click('#step-caption');
    await phone.keyboard.press(' ');
    expect(
      await phone.$eval('#step-controls button.icon:nth-child(3)', (element) => element.getAttribute('title')),
    ).toBe('pause');
    await phone.keyboard.press(' ');
    expect(
      await phone.$eval('#step-controls button.icon:nth-child(3)', (element) => element.getAttribute('title')),
    ).toBe('play the unrolling');
    expect(phoneProblems).toEqual([]);
  });
});

/**
 * A model directory on a second static server of its own (another origin, so it answers with CORS
 * headers, as a model host for ?model= must): what is not there is a 404.
 */
async function serveDirectory(dir: string): Promise<{ server: Server; url: string }> {
  const server = createServer((request, response) => {
    const name = new URL(request.url ?? '/', 'http://localhost').pathname.slice(1);
    const cors = { 'access-control-allow-origin': '*' };
    // Only plain file names: the directory is flat.
    if (!/^[a-z.]+$/.test(name)) {
      response.writeHead(404, cors).end();
      return;
    }
    readFile(join(dir, name)).then(
      (bytes) => response.writeHead(200, { ...cors, 'content-type': 'application/octet-stream' }).end(bytes),
      () => response.writeHead(404, cors).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('the model server has no TCP address');
  return { server, url: `http://127.0.0.1:${address.port}/` };
}

describe('the demo page with a tokenizer.json model', () => {
  /** The BPE fixture: 40 tokens, <pad> <unk> <s> </s> at ids 0..3 (the config's defaults), Metaspace pieces. */
  const bpeFixture = join(repoRoot, 'test', 'fixtures', 'tokenizers', 'bpe.tokenizer.json');
  const BPE_SIZE = 40;
  const typed = 'the red cat.';
  let modelDir: string | undefined;
  let modelServer: Server | undefined;
  let modelUrl: string;

  beforeAll(async () => {
    modelDir = mkdtempSync(join(tmpdir(), 'unroll-demo-bpe-'));
    const config = defaultConfig({
      src_vocab_size: BPE_SIZE,
      tgt_vocab_size: BPE_SIZE,
      attention: 'general',
      input_feeding: true,
    });
    // No vocab.json: the tokenizer is the model's only way to read and write text.
    await writeModelFiles(modelDir, randomModel(config, 5, 0.6));
    await copyFile(bpeFixture, join(modelDir, 'tokenizer.json'));
    ({ server: modelServer, url: modelUrl } = await serveDirectory(modelDir));
  });

  afterAll(async () => {
    await new Promise((resolve) => (modelServer ? modelServer.close(resolve) : resolve(undefined)));
    if (modelDir) rmSync(modelDir, { recursive: true, force: true });
  });

  it('translates typed text through the tokenizer, its pieces shown, as the CPU reference through the API does', async () => {
    ready();
    const backend = await createBackend({ kind: 'cpu' });
    const api = await (await backend.load(modelDir!)).translate(typed, { beam: 1, nBest: 1 });
    backend.dispose();
    expect(api.source.tokens).toEqual(['▁the', '▁red', '▁cat', '.']);

    const tab = await browser!.newPage();
    const problems: string[] = [];
    watchProblems(tab, problems);
    await tab.setViewport({ width: 1280, height: 900 });
    await tab.goto(`${baseUrl}?model=${modelUrl}`, { waitUntil: 'load' });
    const loaded = await tab.evaluate(() => window.__unrollDemo.ready);
    expect(loaded.error).toBeUndefined();
    await settled(tab);

    await tab.select('#beam-select', '1');
    await tab.select('#nbest-select', '1');
    await tab.click('#source-input', { count: 3 });
    await tab.keyboard.press('Backspace');
    await tab.type('#source-input', typed);
    await tab.click('#translate-button');
    const view = await settled(tab);
    console.log(`[demo e2e] tokenizer.json model: "${typed}" → "${view.translation}" on the ${view.backend}`);

    expect(view.error).toBeNull();
    expect(view.ids).toEqual(api.hypotheses[0].ids);
    expect(view.translation).toBe(api.text || '(empty translation)');
    expect(view.nBest).toEqual([api.text || '(empty)']);
    // One span per generated piece, joined into the tokenizer's text above.
    if (api.text) expect(await tab.$$eval('#translation .out-token', (spans) => spans.length)).toBe(view.ids.length);
    // The source as the tokenizer cut it: its pieces, in the token list and as the heatmap's columns.
    const shownTokens = await tab.$$eval('#source-tokens span', (spans) => spans.map((span) => span.textContent));
    expect(shownTokens).toEqual(api.source.tokens);
    expect(await tab.$$eval('#heatmap text.col-label', (labels) => labels.map((label) => label.textContent))).toEqual(
      api.source.tokens,
    );
    expect(view.heatmap.columns).toBe(api.source.tokens!.length);
    expect(view.agree).toBe('true');
    // The loader looks for vocab.json first (a word-level model costs no other request): the
    // browser reports its 404, and nothing else goes wrong.
    expect(problems.filter((problem) => !/status of 404/.test(problem))).toEqual([]);
    expect(problems.length, problems.join('\n')).toBeLessThanOrEqual(1);
    await tab.close();
  });
});
