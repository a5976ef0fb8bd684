/**
 * Where the page's model comes from, and loading it. By default the model directory
 * models/en-es/ of the repository is bundled by Vite (its files become assets of the build; a
 * missing directory simply bundles nothing). `?model=<url>/` loads another model directory
 * from that address instead.
 */
import type { Model } from '../../src/model/model.ts';
import { loadModelFromFiles } from '../../src/model/load.ts';

const bundled = import.meta.glob<string>('../../models/en-es/{config.json,model.safetensors,vocab.json}', {
  query: '?url',
  import: 'default',
  eager: true,
});

export interface ModelLocation {
  /** What the page calls the model: "models/en-es" or the ?model= address. */
  name: string;
  config?: string;
  safetensors?: string;
  vocab?: string;
}

export function modelLocation(search: string = location.search): ModelLocation {
  const asked = new URLSearchParams(search).get('model');
  if (asked) {
    const base = asked.endsWith('/') ? asked : `${asked}/`;
    return {
      name: asked,
      config: `${base}config.json`,
      safetensors: `${base}model.safetensors`,
      vocab: `${base}vocab.json`,
    };
  }
  const file = (name: string) => bundled[`../../models/en-es/${name}`];
  return {
    name: 'models/en-es',
    config: file('config.json'),
    safetensors: file('model.safetensors'),
    vocab: file('vocab.json'),
  };
}

/** A failure the page explains in words; `hint` says what to do about it. */
export class ModelUnavailable extends Error {
  constructor(
    message: string,
    readonly hint: string,
  ) {
    super(message);
    this.name = 'ModelUnavailable';
  }
}

const TRAIN_HINT =
  'Train the English→Spanish model into models/en-es/ (config.json, model.safetensors, vocab.json) and rebuild the page ' +
  '(npm run demo), or open the page with ?model=<address of a model directory>/.';

async function fetchFile(
  url: string,
  what: string,
  onProgress?: (loaded: number, total: number) => void,
): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(url);
  } catch (cause) {
    throw new ModelUnavailable(`could not fetch ${what} (${url}): ${String(cause)}`, TRAIN_HINT);
  }
  if (!response.ok) throw new ModelUnavailable(`${what} is missing (${url}: HTTP ${response.status})`, TRAIN_HINT);
  // A single-page server answers a missing file with its index page rather than a 404.
  if ((response.headers.get('content-type') ?? '').includes('text/html')) {
    throw new ModelUnavailable(`${what} is missing (${url}: the server answered with a web page)`, TRAIN_HINT);
  }
  if (!onProgress || !response.body) return response;
  // Count the bytes as they arrive so a large weights file shows progress.
  const total = Number(response.headers.get('content-length') ?? 0);
  let loaded = 0;
  const counted = response.body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        loaded += chunk.byteLength;
        onProgress(loaded, total);
        controller.enqueue(chunk);
      },
    }),
  );
  return new Response(counted, { headers: response.headers });
}

export interface LoadedModel {
  model: Model;
  name: string;
  /** Size of model.safetensors in bytes. */
  bytes: number;
}

/** Fetches and validates the model; a missing file or a model without vocabulary is a ModelUnavailable. */
export async function loadModel(
  where: ModelLocation,
  onProgress?: (loaded: number, total: number) => void,
): Promise<LoadedModel> {
  if (!where.config || !where.safetensors) {
    throw new ModelUnavailable(
      `no model was bundled with this page (${where.name} has no config.json or model.safetensors)`,
      TRAIN_HINT,
    );
  }
  if (!where.vocab) {
    throw new ModelUnavailable(
      `${where.name} has no vocab.json: the page needs it to read and write words`,
      TRAIN_HINT,
    );
  }
  const [config, vocab, weights] = await Promise.all([
    fetchFile(where.config, 'config.json').then((r) => r.text()),
    fetchFile(where.vocab, 'vocab.json').then((r) => r.text()),
    fetchFile(where.safetensors, 'model.safetensors', onProgress).then((r) => r.arrayBuffer()),
  ]);
  const model = loadModelFromFiles({ config, vocab, safetensors: new Uint8Array(weights) });
  return { model, name: where.name, bytes: weights.byteLength };
}
