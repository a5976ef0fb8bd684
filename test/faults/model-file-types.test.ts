/**
 * Model files that are not plain files of a sane size: devices, FIFOs, sockets, directories,
 * huge sparse files, and HTTP servers that send too much, an HTML page or an error. Each is
 * refused quickly with a ModelFormatError naming the file, before memory grows.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, symlink, truncate, unlink, writeFile } from 'node:fs/promises';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createSocketServer, type Server as SocketServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveModel } from '../../src/api/model-source.ts';
import { MAX_JSON_FILE_BYTES, MAX_SAFETENSORS_FILE_BYTES } from '../../src/model/file-limits.ts';
import { loadModelDir } from '../../src/model/load-node.ts';
import { defaultConfig, randomModel } from '../../src/model/random-model.ts';
import { makeVocab, modelFormatRejection, writeModelDir } from '../helpers/model-files.ts';

const POSIX = process.platform !== 'win32';
const MIB = 1024 * 1024;

const config = defaultConfig({ attention: 'dot' });
const model = randomModel(config, 5);
const vocab = makeVocab(config);

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'unroll-file-types-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** A fresh valid model directory whose `file` is then replaced by `replace`. */
async function dirWith(name: string, file: string, replace: (path: string) => Promise<void>): Promise<string> {
  const dir = await writeModelDir(join(root, name), model, vocab);
  await unlink(join(dir, file));
  await replace(join(dir, file));
  return dir;
}

describe('loadModelDir refuses files that are not regular files', () => {
  it.skipIf(!POSIX || !existsSync('/dev/zero'))('a symlink to /dev/zero', { timeout: 5_000 }, async () => {
    const dir = await dirWith('zero', 'model.safetensors', (path) => symlink('/dev/zero', path));
    expect((await modelFormatRejection(loadModelDir(dir))).message).toBe(
      `${join(dir, 'model.safetensors')}: is a character device, not a regular file`,
    );
  });

  it.skipIf(!POSIX || !existsSync('/dev/urandom'))(
    'vocab.json as a symlink to /dev/urandom',
    { timeout: 5_000 },
    async () => {
      const dir = await dirWith('urandom', 'vocab.json', (path) => symlink('/dev/urandom', path));
      const error = await modelFormatRejection(loadModelDir(dir));
      expect(error.message).toBe(`${join(dir, 'vocab.json')}: is a character device, not a regular file`);
      expect(error.file).toBe(join(dir, 'vocab.json'));
    },
  );

  it.skipIf(!POSIX)('a FIFO with no writer, without blocking', { timeout: 5_000 }, async () => {
    const dir = await dirWith('fifo', 'model.safetensors', async (path) => {
      execFileSync('mkfifo', [path]);
    });
    expect((await modelFormatRejection(loadModelDir(dir))).message).toBe(
      `${join(dir, 'model.safetensors')}: is a FIFO, not a regular file`,
    );
  });

  it.skipIf(!POSIX)('a socket', { timeout: 5_000 }, async () => {
    let server: SocketServer | undefined;
    const dir = await dirWith('socket', 'config.json', async (path) => {
      server = createSocketServer();
      await new Promise<void>((resolve) => server!.listen(path, resolve));
    });
    try {
      expect((await modelFormatRejection(loadModelDir(dir))).message).toBe(
        `${join(dir, 'config.json')}: is a socket, not a regular file`,
      );
    } finally {
      await new Promise<void>((resolve) => server!.close(() => resolve()));
    }
  });

  it('a directory in place of a file', async () => {
    const dir = await dirWith('subdir', 'config.json', (path) => mkdir(path));
    expect((await modelFormatRejection(loadModelDir(dir))).message).toBe(
      `${join(dir, 'config.json')}: is a directory, not a regular file`,
    );
  });

  it('follows a symlink to a regular file; a dangling one is a missing file', async () => {
    const real = await writeModelDir(join(root, 'real'), model, vocab);
    const linked = await dirWith('linked', 'model.safetensors', (path) =>
      symlink(join(real, 'model.safetensors'), path),
    );
    expect((await loadModelDir(linked)).weights.get('generator.weight')).toEqual(model.weights.get('generator.weight'));

    const dangling = await dirWith('dangling', 'model.safetensors', (path) => symlink(join(root, 'nowhere'), path));
    expect((await modelFormatRejection(loadModelDir(dangling))).message).toBe(
      `model directory "${dangling}": model.safetensors not found`,
    );
  });
});

describe('loadModelDir caps file sizes before reading', () => {
  it('refuses a sparse model.safetensors past 4 GiB without reading it', { timeout: 5_000 }, async () => {
    const dir = await dirWith('huge', 'model.safetensors', async (path) => {
      await writeFile(path, '');
      await truncate(path, 5 * 1024 * MIB);
    });
    expect((await modelFormatRejection(loadModelDir(dir))).message).toBe(
      `${join(dir, 'model.safetensors')}: is 5 GiB, more than the 4 GiB limit`,
    );
    await truncate(join(dir, 'model.safetensors'), MAX_SAFETENSORS_FILE_BYTES + 1);
    expect((await modelFormatRejection(loadModelDir(dir))).message).toBe(
      `${join(dir, 'model.safetensors')}: is 4294967297 bytes (4.0 GiB), more than the 4 GiB limit`,
    );
  });

  it('refuses config.json and vocab.json past 64 MiB', { timeout: 5_000 }, async () => {
    const dir = await writeModelDir(join(root, 'big-json'), model, vocab);
    await truncate(join(dir, 'vocab.json'), MAX_JSON_FILE_BYTES + 1);
    expect((await modelFormatRejection(loadModelDir(dir))).message).toBe(
      `${join(dir, 'vocab.json')}: is 67108865 bytes (64.0 MiB), more than the 64 MiB limit`,
    );
    await truncate(join(dir, 'config.json'), 65 * MIB);
    expect((await modelFormatRejection(loadModelDir(dir))).message).toBe(
      `${join(dir, 'config.json')}: is 65 MiB, more than the 64 MiB limit`,
    );
  });

  // procfs files stat as 0 bytes but have content: the read goes past the size it was given.
  it.skipIf(!existsSync('/proc/self/status'))('refuses a file that grows past its size while read', async () => {
    const dir = await dirWith('proc', 'vocab.json', (path) => symlink('/proc/self/status', path));
    expect((await modelFormatRejection(loadModelDir(dir))).message).toBe(
      `${join(dir, 'vocab.json')}: grew past its size of 0 bytes while being read`,
    );
  });

  it('takes caps as an option; a file exactly at its cap loads', async () => {
    const dir = await writeModelDir(join(root, 'capped'), model, vocab);
    const size = (name: string) => readFile(join(dir, name)).then((bytes) => bytes.length);
    const json = Math.max(await size('config.json'), await size('vocab.json'));
    const safetensors = await size('model.safetensors');
    expect((await loadModelDir(dir, { json, safetensors })).vocab).toEqual(vocab);
    expect((await modelFormatRejection(loadModelDir(dir, { json, safetensors: safetensors - 1 }))).message).toBe(
      `${join(dir, 'model.safetensors')}: is ${safetensors} bytes (${(safetensors / 1024).toFixed(1)} KiB), more than the ${safetensors - 1} bytes (${((safetensors - 1) / 1024).toFixed(1)} KiB) limit`,
    );
  });
});

describe('URL sources: caps, HTML pages and HTTP errors', () => {
  const limits = { json: 64 * 1024, safetensors: MIB };
  const files = new Map<string, Buffer>();
  let server: Server;
  let base: string;

  beforeAll(async () => {
    const dir = await writeModelDir(join(root, 'served'), model, vocab);
    for (const name of ['config.json', 'model.safetensors', 'vocab.json']) {
      files.set(name, await readFile(join(dir, name)));
    }
    expect(files.get('model.safetensors')!.length).toBeLessThan(limits.safetensors);

    server = createHttpServer((request, response) => {
      const [, scenario, name] = new URL(request.url!, 'http://x').pathname.split('/');
      const body = files.get(name);
      if (!body) return response.writeHead(404, 'Not Found').end();
      const target = name === (scenario === 'html' ? 'config.json' : 'model.safetensors');
      if (scenario === 'declared-huge' && target) {
        // Headers only: the client must refuse before asking for the body.
        response.writeHead(200, { 'content-length': String(2 ** 40) });
        response.flushHeaders();
        return;
      }
      if (scenario === 'endless' && target) return streamBytes(response, 8 * MIB);
      if (scenario === 'html' && target) {
        return response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<!doctype html><p>app');
      }
      if (scenario === 'error' && target) return response.writeHead(500, 'Internal Server Error').end('oops');
      if (scenario === 'missing' && name === 'config.json') return response.writeHead(404, 'Not Found').end();
      response.writeHead(200, { 'content-type': 'application/octet-stream' }).end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  /** Writes up to `total` bytes with chunked encoding (no Content-Length), stopping when the client leaves. */
  function streamBytes(response: import('node:http').ServerResponse, total: number) {
    response.writeHead(200, { 'content-type': 'application/octet-stream' });
    const chunk = Buffer.alloc(64 * 1024, 7);
    let sent = 0;
    let closed = false;
    response.on('close', () => (closed = true));
    const pump = () => {
      while (!closed && sent < total) {
        sent += chunk.length;
        if (!response.write(chunk)) return void response.once('drain', pump);
      }
      if (!closed) response.end();
    };
    pump();
  }

  it('loads a served model within the caps', async () => {
    const loaded = await resolveModel(`${base}/good`, undefined, limits);
    expect(loaded.vocab).toEqual(vocab);
  });

  it('refuses a Content-Length past the cap before reading the body', { timeout: 5_000 }, async () => {
    expect((await modelFormatRejection(resolveModel(`${base}/declared-huge/`, undefined, limits))).message).toBe(
      `${base}/declared-huge/model.safetensors: is 1024 GiB, more than the 1 MiB limit (Content-Length)`,
    );
  });

  it('stops reading a body with no Content-Length once it passes the cap', { timeout: 5_000 }, async () => {
    const error = await modelFormatRejection(resolveModel(`${base}/endless`, undefined, limits));
    expect(error.file).toBe(`${base}/endless/model.safetensors`);
    expect(error.message).toMatch(
      new RegExp(
        `^${base}/endless/model\\.safetensors: is more than the 1 MiB limit \\(the server sent at least \\d+ bytes\\)$`,
      ),
    );
  });

  it('refuses an HTML page served for config.json', async () => {
    expect((await modelFormatRejection(resolveModel(`${base}/html`, undefined, limits))).message).toBe(
      `${base}/html/config.json: the server answered with an HTML page (content-type text/html; charset=utf-8) instead of the file: check the URL`,
    );
  });

  it('names the URL of a 404 or a 500', async () => {
    expect((await modelFormatRejection(resolveModel(`${base}/missing`, undefined, limits))).message).toBe(
      `${base}/missing/config.json: cannot be fetched: HTTP 404 Not Found`,
    );
    expect((await modelFormatRejection(resolveModel(`${base}/error`, undefined, limits))).message).toBe(
      `${base}/error/model.safetensors: cannot be fetched: HTTP 500 Internal Server Error`,
    );
  });
});
