/**
 * Where the page's models come from, and loading one. The model directories models/en-es/ (an
 * LSTM) and models/en-es-transformer/ of the repository are bundled by Vite (their files become
 * assets of the build; a missing directory simply bundles nothing, and the picker says so).
 * `?model=<url>/` loads another model directory from that address instead.
 */
import type { Model } from '../../src/model/model.ts';
import { loadModelFromFiles } from '../../src/model/load.ts';
import type { BundledPick, ModelChoice } from './model-choice.ts';

// One glob per directory: Vite needs literal patterns.
const lstmFiles = import.meta.glob<string>('../../models/en-es/{config.json,model.safetensors,vocab.json}', {
  query: '?url',
  import: 'default',
  eager: true,
});
const transformerFiles = import.meta.glob<string>(
  '../../models/en-es-transformer/{config.json,model.safetensors,vocab.json}',
  { query: '?url', import: 'default', eager: true },
);

interface BundledModel {
  /** What the page calls the model: its directory in the repository. */
  name: string;
  /** The picker's words for it. */
  label: string;
  files: Record<string, string>;
}

const BUNDLED: Record<BundledPick, BundledModel> = {
  lstm: { name: 'models/en-es', label: 'LSTM with attention', files: lstmFiles },
  transformer: { name: 'models/en-es-transformer', label: 'Transformer', files: transformerFiles },
};

export interface ModelLocation {
  /** What the page calls the model: "models/en-es" or the ?model= address. */
  name: string;
  config?: string;
  safetensors?: string;
  vocab?: string;
}

function bundledFile(pick: BundledPick, file: string): string | undefined {
  const { name, files } = BUNDLED[pick];
  return files[`../../${name}/${file}`];
}

/** A bundled model as the picker offers it; `missing` says why it cannot be picked. */
export interface BundledOffer {
  pick: BundledPick;
  name: string;
  label: string;
  missing?: string;
}

export function bundledOffers(): BundledOffer[] {
  return (Object.keys(BUNDLED) as BundledPick[]).map((pick) => {
    const { name, label } = BUNDLED[pick];
    const absent = ['config.json', 'model.safetensors', 'vocab.json'].filter((file) => !bundledFile(pick, file));
    return absent.length === 0
      ? { pick, name, label }
      : { pick, name, label, missing: `${name}/ had no ${absent.join(', ')} when this page was built` };
  });
}

/** The bundled models that can be loaded. */
export function bundledPicks(): BundledPick[] {
  return bundledOffers()
    .filter((offer) => !offer.missing)
    .map((offer) => offer.pick);
}

/** Where the files of a choice are; no choice at all (nothing bundled) reads as the LSTM's missing files. */
export function modelLocation(choice: ModelChoice | undefined): ModelLocation {
  if (choice?.kind === 'url') {
    const base = choice.url.endsWith('/') ? choice.url : `${choice.url}/`;
    return {
      name: choice.url,
      config: `${base}config.json`,
      safetensors: `${base}model.safetensors`,
      vocab: `${base}vocab.json`,
    };
  }
  const pick = choice?.pick ?? 'lstm';
  return {
    name: BUNDLED[pick].name,
    config: bundledFile(pick, 'config.json'),
    safetensors: bundledFile(pick, 'model.safetensors'),
    vocab: bundledFile(pick, 'vocab.json'),
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
