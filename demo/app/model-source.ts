/**
 * Where the page's models come from, and loading one. The model directories models/en-es/ (an
 * LSTM), models/en-es-transformer/ and models/en-es-subword/ (a Transformer with a tokenizer.json)
 * of the repository are bundled by Vite (their files become assets of the build; a missing
 * directory simply bundles nothing, and the picker says so, or leaves the optional one out).
 * `?model=<url>/` loads another model directory from that address instead. A model reads and
 * writes text through vocab.json, or through tokenizer.json (or source.tokenizer.json and
 * target.tokenizer.json) in its place.
 */
import type { Model } from '../../src/model/model.ts';
import { loadModelFromFiles } from '../../src/model/load.ts';
import type { BundledPick, ModelChoice } from './model-choice.ts';

// One glob per directory: Vite needs literal patterns.
const lstmFiles = import.meta.glob<string>(
  '../../models/en-es/{config.json,model.safetensors,vocab.json,tokenizer.json,source.tokenizer.json,target.tokenizer.json}',
  { query: '?url', import: 'default', eager: true },
);
const transformerFiles = import.meta.glob<string>(
  '../../models/en-es-transformer/{config.json,model.safetensors,vocab.json,tokenizer.json,source.tokenizer.json,target.tokenizer.json}',
  { query: '?url', import: 'default', eager: true },
);
const subwordFiles = import.meta.glob<string>(
  '../../models/en-es-subword/{config.json,model.safetensors,vocab.json,tokenizer.json,source.tokenizer.json,target.tokenizer.json}',
  { query: '?url', import: 'default', eager: true },
);

interface BundledModel {
  /** What the page calls the model: its directory in the repository. */
  name: string;
  /** The picker's words for it. */
  label: string;
  files: Record<string, string>;
  /** Left out of the picker, rather than listed as missing, when its directory has no files at all. */
  optional?: boolean;
}

const BUNDLED: Record<BundledPick, BundledModel> = {
  lstm: { name: 'models/en-es', label: 'LSTM with attention', files: lstmFiles },
  transformer: { name: 'models/en-es-transformer', label: 'Transformer', files: transformerFiles },
  subword: {
    name: 'models/en-es-subword',
    label: 'Transformer with subword vocabulary',
    files: subwordFiles,
    optional: true,
  },
};

/** The files a model can read and write text with, besides config.json and model.safetensors. */
export interface TextFiles {
  vocab?: string;
  tokenizer?: string;
  sourceTokenizer?: string;
  targetTokenizer?: string;
}

export interface ModelLocation extends TextFiles {
  /** What the page calls the model: "models/en-es" or the ?model= address. */
  name: string;
  config?: string;
  safetensors?: string;
  /**
   * A model by address: its text files are looked for on the server (a 404 means absent) rather
   * than known in advance, so vocab, tokenizer, sourceTokenizer and targetTokenizer are candidates.
   */
  probe?: boolean;
}

/** Whether the files give the model a way to read text: vocab.json, tokenizer.json, or both per-side tokenizers. */
function hasTextFiles(files: TextFiles): boolean {
  return (
    files.vocab !== undefined ||
    files.tokenizer !== undefined ||
    (files.sourceTokenizer !== undefined && files.targetTokenizer !== undefined)
  );
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
  return (Object.keys(BUNDLED) as BundledPick[]).flatMap((pick) => {
    const { name, label, files, optional } = BUNDLED[pick];
    if (optional && Object.keys(files).length === 0) return [];
    const absent = ['config.json', 'model.safetensors'].filter((file) => !bundledFile(pick, file));
    if (!hasTextFiles(bundledTextFiles(pick))) absent.push('vocab.json (or tokenizer.json)');
    return absent.length === 0
      ? [{ pick, name, label }]
      : [{ pick, name, label, missing: `${name}/ had no ${absent.join(', ')} when this page was built` }];
  });
}

function bundledTextFiles(pick: BundledPick): TextFiles {
  return {
    vocab: bundledFile(pick, 'vocab.json'),
    tokenizer: bundledFile(pick, 'tokenizer.json'),
    sourceTokenizer: bundledFile(pick, 'source.tokenizer.json'),
    targetTokenizer: bundledFile(pick, 'target.tokenizer.json'),
  };
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
      tokenizer: `${base}tokenizer.json`,
      sourceTokenizer: `${base}source.tokenizer.json`,
      targetTokenizer: `${base}target.tokenizer.json`,
      probe: true,
    };
  }
  const pick = choice?.pick ?? 'lstm';
  return {
    name: BUNDLED[pick].name,
    config: bundledFile(pick, 'config.json'),
    safetensors: bundledFile(pick, 'model.safetensors'),
    ...bundledTextFiles(pick),
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
  const response = await fetchOptional(url, what);
  if (response instanceof Response) return counted(response, onProgress);
  throw new ModelUnavailable(`${what} is missing (${url}: ${response.absent})`, TRAIN_HINT);
}

/** The file, or why the server says it is not there; a failed fetch (no answer at all) is a ModelUnavailable. */
async function fetchOptional(url: string, what: string): Promise<Response | { absent: string }> {
  let response: Response;
  try {
    response = await fetch(url);
  } catch (cause) {
    throw new ModelUnavailable(`could not fetch ${what} (${url}): ${String(cause)}`, TRAIN_HINT);
  }
  let absent: string | undefined;
  if (!response.ok) absent = `HTTP ${response.status}`;
  // A single-page server answers a missing file with its index page rather than a 404.
  else if ((response.headers.get('content-type') ?? '').includes('text/html')) {
    absent = 'the server answered with a web page';
  }
  if (absent === undefined) return response;
  // Read to the end: a body left unread is a request the browser reports as aborted (a page error).
  await response.arrayBuffer().catch(() => undefined);
  return { absent };
}

/** The response with its bytes counted as they arrive, so a large weights file shows progress. */
function counted(response: Response, onProgress?: (loaded: number, total: number) => void): Response {
  if (!onProgress || !response.body) return response;
  const total = Number(response.headers.get('content-length') ?? 0);
  let loaded = 0;
  const body = response.body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        loaded += chunk.byteLength;
        onProgress(loaded, total);
        controller.enqueue(chunk);
      },
    }),
  );
  return new Response(body, { headers: response.headers });
}

export interface LoadedModel {
  model: Model;
  name: string;
  /** Size of model.safetensors in bytes. */
  bytes: number;
}

/** The text files' contents, as loadModelFromFiles takes them. */
type TextContents = { [K in keyof TextFiles]?: string };

const TEXT_FILE_NAMES: Record<keyof TextFiles, string> = {
  vocab: 'vocab.json',
  tokenizer: 'tokenizer.json',
  sourceTokenizer: 'source.tokenizer.json',
  targetTokenizer: 'target.tokenizer.json',
};

/** Fetches the text files a bundled model was built with: all of them are there. */
async function fetchKnownTextFiles(where: ModelLocation): Promise<TextContents> {
  const keys = (Object.keys(TEXT_FILE_NAMES) as (keyof TextFiles)[]).filter((key) => where[key] !== undefined);
  const texts = await Promise.all(
    keys.map((key) => fetchFile(where[key]!, TEXT_FILE_NAMES[key]).then((r) => r.text())),
  );
  return Object.fromEntries(keys.map((key, i) => [key, texts[i]]));
}

/**
 * Looks for a model's text files at its address, one after the other, so that a word-level model
 * (vocab.json there) costs no requests for files it does not have, and the browser logs no 404s
 * for it: vocab.json, else tokenizer.json, else source.tokenizer.json and target.tokenizer.json.
 * A directory with vocab.json and a tokenizer is therefore read as word-level here.
 */
async function probeTextFiles(where: ModelLocation): Promise<TextContents> {
  const vocabUrl = where.vocab!;
  const vocab = await fetchOptional(vocabUrl, 'vocab.json');
  if (vocab instanceof Response) return { vocab: await vocab.text() };
  const tokenizer = await fetchOptional(where.tokenizer!, 'tokenizer.json');
  if (tokenizer instanceof Response) return { tokenizer: await tokenizer.text() };
  const [source, target] = await Promise.all([
    fetchOptional(where.sourceTokenizer!, 'source.tokenizer.json'),
    fetchOptional(where.targetTokenizer!, 'target.tokenizer.json'),
  ]);
  if (source instanceof Response && target instanceof Response) {
    return { sourceTokenizer: await source.text(), targetTokenizer: await target.text() };
  }
  // Word-level is what most model directories have, so the message ends on the missing vocab.json.
  throw new ModelUnavailable(
    `${where.name} has no tokenizer.json (nor source.tokenizer.json and target.tokenizer.json), and vocab.json is missing (${vocabUrl}: ${vocab.absent})`,
    TRAIN_HINT,
  );
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
  if (!where.probe && !hasTextFiles(where)) {
    throw new ModelUnavailable(
      `${where.name} has no vocab.json (nor tokenizer.json): the page needs one to read and write words`,
      TRAIN_HINT,
    );
  }
  const [config, text, weights] = await Promise.all([
    fetchFile(where.config, 'config.json').then((r) => r.text()),
    where.probe ? probeTextFiles(where) : fetchKnownTextFiles(where),
    fetchFile(where.safetensors, 'model.safetensors', onProgress).then((r) => r.arrayBuffer()),
  ]);
  const model = loadModelFromFiles({ config, ...text, safetensors: new Uint8Array(weights) });
  return { model, name: where.name, bytes: weights.byteLength };
}
