#!/usr/bin/env python3
"""Trains the English→Spanish Transformer shipped in models/en-es-transformer/ (PyTorch, CPU).

An encoder-decoder built around torch.nn.Transformer with the module names of the
"seq2seq-transformer" format (docs/model-format.md ("Transformer models")): `encoder.embedding`,
`decoder.embedding`, `transformer`, `generator`; sinusoidal positions are a non-persistent
buffer, so `state_dict()` is exactly the model file. The vocabularies are those of the LSTM
model models/en-es (both models share them). The export is F16, written with a small
safetensors writer of its own (no `safetensors` package needed).

Only this script needs Python; the engine and its tests read the exported files.

Usage:
  python3 tools/train/transformer.py --data DIR --vocab models/en-es/vocab.json \
      --out models/en-es-transformer [--epochs 6] [--threads 2] [--target-match 0.95]
  python3 tools/train/transformer.py --evaluate models/en-es-transformer --data DIR [--split test]

DIR holds {train,valid,test}.{en,es}:
  node tools/run.mjs tools/corpus/generate.ts --seed 1 --out DIR
"""
import argparse
import json
import math
import os
import random
import shutil
import struct
import sys
import time

import numpy as np
import torch
from torch import nn

PAD, UNK, BOS, EOS = 0, 1, 2, 3


# ---------------------------------------------------------------- safetensors ----

def save_safetensors(tensors, path, metadata=None):
    """Writes name -> torch tensor (F32/F16/BF16) in the safetensors format."""
    codes = {torch.float32: "F32", torch.float16: "F16", torch.bfloat16: "BF16"}
    header, blobs, offset = {}, [], 0
    for name in sorted(tensors):
        t = tensors[name].detach().contiguous().cpu()
        if t.dtype == torch.bfloat16:
            raw = t.view(torch.int16).numpy().astype("<i2").tobytes()
        else:
            raw = t.numpy().astype(t.numpy().dtype.newbyteorder("<")).tobytes()
        header[name] = {"dtype": codes[t.dtype], "shape": list(t.shape), "data_offsets": [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    if metadata:
        header["__metadata__"] = metadata
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for raw in blobs:
            f.write(raw)


def load_safetensors(path):
    """Reads a safetensors file into name -> float32 torch tensor."""
    with open(path, "rb") as f:
        data = f.read()
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + n])
    body = data[8 + n:]
    out = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        begin, end = info["data_offsets"]
        raw = body[begin:end]
        if info["dtype"] == "F32":
            arr = torch.from_numpy(np.frombuffer(raw, dtype="<f4").copy())
        elif info["dtype"] == "F16":
            arr = torch.from_numpy(np.frombuffer(raw, dtype="<f2").astype(np.float32))
        elif info["dtype"] == "BF16":
            arr = torch.from_numpy(np.frombuffer(raw, dtype="<i2").copy()).view(torch.bfloat16).float()
        else:
            raise ValueError(f"{path}: {name}: unsupported dtype {info['dtype']}")
        out[name] = arr.reshape(info["shape"])
    return out


# ---------------------------------------------------------------------- model ----

def sinusoidal(max_positions, d):
    """P[p, 2i] = sin(p / 10000^(2i/D)), P[p, 2i+1] = cos(p / 10000^(2i/D)) (float64)."""
    p = torch.arange(max_positions, dtype=torch.float64)[:, None]
    i2 = torch.arange(0, d, 2, dtype=torch.float64)[None, :]
    angle = p / torch.pow(torch.tensor(10000.0, dtype=torch.float64), i2 / d)
    table = torch.zeros(max_positions, d, dtype=torch.float64)
    table[:, 0::2] = torch.sin(angle)
    table[:, 1::2] = torch.cos(angle[:, : d // 2])
    return table


class Embedder(nn.Module):
    """Token embedding (+ positions): E[x]·(√D if scale) + P[p], positions from 0."""

    def __init__(self, vocab, d, max_positions, positions, scale):
        super().__init__()
        self.embedding = nn.Embedding(vocab, d)
        self.scale = math.sqrt(d) if scale else 1.0
        if positions == "learned":
            self.positions = nn.Embedding(max_positions, d)
        else:
            self.positions = None
            self.register_buffer("table", sinusoidal(max_positions, d).float(), persistent=False)

    def forward(self, ids):
        x = self.embedding(ids) * self.scale
        n = ids.shape[1]
        if self.positions is not None:
            return x + self.positions.weight[:n]
        return x + self.table[:n].to(x.dtype)


class Seq2SeqTransformer(nn.Module):
    def __init__(self, cfg, dropout=0.0):
        super().__init__()
        d = cfg["d_model"]
        self.cfg = cfg
        self.encoder = Embedder(cfg["src_vocab_size"], d, cfg["max_positions"], cfg["positions"], cfg["scale_embeddings"])
        self.decoder = Embedder(cfg["tgt_vocab_size"], d, cfg["max_positions"], cfg["positions"], cfg["scale_embeddings"])
        self.transformer = nn.Transformer(
            d_model=d, nhead=cfg["num_heads"], num_encoder_layers=cfg["encoder_layers"],
            num_decoder_layers=cfg["decoder_layers"], dim_feedforward=cfg["ffn_dim"], dropout=dropout,
            activation=cfg["activation"], layer_norm_eps=cfg["layer_norm_eps"], batch_first=True,
            norm_first=cfg["norm_first"])
        self.generator = nn.Linear(d, cfg["tgt_vocab_size"])

    def encode(self, src):
        mask = src == PAD
        return self.transformer.encoder(self.encoder(src), src_key_padding_mask=mask), mask

    def decode(self, memory, src_mask, tgt_in):
        n = tgt_in.shape[1]
        causal = torch.triu(torch.ones(n, n, dtype=torch.bool), 1)
        y = self.transformer.decoder(self.decoder(tgt_in), memory, tgt_mask=causal,
                                     tgt_key_padding_mask=tgt_in == PAD, memory_key_padding_mask=src_mask)
        return self.generator(y)

    def forward(self, src, tgt_in):
        memory, mask = self.encode(src)
        return self.decode(memory, mask, tgt_in)


def config_for(src_vocab, tgt_vocab):
    return {
        "format": "seq2seq-transformer", "version": 1,
        "src_vocab_size": src_vocab, "tgt_vocab_size": tgt_vocab,
        "d_model": 128, "num_heads": 4, "ffn_dim": 256, "encoder_layers": 2, "decoder_layers": 2,
        "norm_first": True, "activation": "relu", "positions": "sinusoidal", "max_positions": 256,
        "scale_embeddings": True, "layer_norm_eps": 1e-5,
        "pad_id": PAD, "unk_id": UNK, "bos_id": BOS, "eos_id": EOS,
    }


# ----------------------------------------------------------------------- data ----

def read_lines(path):
    with open(path, encoding="utf-8") as f:
        return [line.split() for line in f.read().split("\n") if line.strip()]


def to_ids(sentences, vocab):
    index = {tok: i for i, tok in enumerate(vocab)}
    return [[index.get(t, UNK) for t in s] for s in sentences]


def pad_batch(seqs, front=(), back=()):
    n = max(len(s) for s in seqs) + len(front) + len(back)
    out = torch.full((len(seqs), n), PAD, dtype=torch.long)
    for i, s in enumerate(seqs):
        row = list(front) + list(s) + list(back)
        out[i, : len(row)] = torch.tensor(row)
    return out


def make_batches(src, tgt, batch_size, rng):
    """Batches of sentences of similar length (sorted by source then target length)."""
    order = sorted(range(len(src)), key=lambda i: (len(src[i]), len(tgt[i]), rng.random()))
    batches = [order[i:i + batch_size] for i in range(0, len(order), batch_size)]
    rng.shuffle(batches)
    return batches


@torch.no_grad()
def greedy(model, src_ids, batch_size=100, max_positions=256):
    """Greedy decoding per docs/decoding.md: pad and bos never generated, maxLength = 2·S + 10."""
    model.eval()
    results = [None] * len(src_ids)
    order = sorted(range(len(src_ids)), key=lambda i: len(src_ids[i]))
    for start in range(0, len(order), batch_size):
        idx = order[start:start + batch_size]
        src = pad_batch([src_ids[i] for i in idx])
        memory, mask = model.encode(src)
        max_len = [min(2 * len(src_ids[i]) + 10, max_positions) for i in idx]
        out = [[] for _ in idx]
        done = [False] * len(idx)
        tgt = torch.full((len(idx), 1), BOS, dtype=torch.long)
        for step in range(max(max_len)):
            logits = model.decode(memory, mask, tgt)[:, -1]
            logp = torch.log_softmax(logits.double(), dim=-1)
            logp[:, PAD] = -math.inf
            logp[:, BOS] = -math.inf
            nxt = logp.argmax(dim=-1)
            for b in range(len(idx)):
                if done[b]:
                    continue
                tok = int(nxt[b])
                if tok == EOS:
                    done[b] = True
                else:
                    out[b].append(tok)
                    if len(out[b]) >= max_len[b]:
                        done[b] = True
            if all(done):
                break
            tgt = torch.cat([tgt, nxt[:, None]], dim=1)
        for b, i in enumerate(idx):
            results[i] = out[b]
    return results


def exact_match(model, src_ids, references, tgt_vocab):
    hyps = greedy(model, src_ids)
    good = sum(1 for h, r in zip(hyps, references) if [tgt_vocab[t] for t in h] == r)
    return good / len(references), hyps


# ------------------------------------------------------------------- commands ----

def export(model, cfg, vocab_path, out_dir):
    os.makedirs(out_dir, exist_ok=True)
    model.eval()
    state = {k: v.detach().to(torch.float16) for k, v in model.state_dict().items()}
    save_safetensors(state, os.path.join(out_dir, "model.safetensors"),
                     metadata={"generator": "tools/train/transformer.py"})
    with open(os.path.join(out_dir, "config.json"), "w") as f:
        json.dump(cfg, f, indent=2)
        f.write("\n")
    shutil.copyfile(vocab_path, os.path.join(out_dir, "vocab.json"))


def load_model(model_dir):
    with open(os.path.join(model_dir, "config.json")) as f:
        cfg = json.load(f)
    model = Seq2SeqTransformer(cfg)
    state = load_safetensors(os.path.join(model_dir, "model.safetensors"))
    missing, unexpected = model.load_state_dict(state, strict=False)
    if unexpected:
        raise ValueError(f"unexpected tensors {unexpected}")
    if missing:
        raise ValueError(f"missing tensors {missing}")
    model.eval()
    return cfg, model


def evaluate(args):
    cfg, model = load_model(args.evaluate)
    with open(os.path.join(args.evaluate, "vocab.json")) as f:
        vocab = json.load(f)
    src = read_lines(os.path.join(args.data, f"{args.split}.en"))
    ref = read_lines(os.path.join(args.data, f"{args.split}.es"))
    if args.limit:
        src, ref = src[: args.limit], ref[: args.limit]
    started = time.time()
    match, hyps = exact_match(model, to_ids(src, vocab["source"]), ref, vocab["target"])
    print(f"{args.evaluate}: greedy exact match on {args.split} ({len(ref)} sentences): "
          f"{100 * match:.1f}% ({time.time() - started:.1f} s)", flush=True)
    if args.hypotheses:
        with open(args.hypotheses, "w") as f:
            for h in hyps:
                f.write(" ".join(vocab["target"][t] for t in h) + "\n")
    return 0


def train(args):
    torch.manual_seed(args.seed)
    rng = random.Random(args.seed)
    with open(args.vocab) as f:
        vocab = json.load(f)
    src_vocab, tgt_vocab = vocab["source"], vocab["target"]
    train_src = to_ids(read_lines(os.path.join(args.data, "train.en")), src_vocab)
    train_tgt = to_ids(read_lines(os.path.join(args.data, "train.es")), tgt_vocab)
    valid_src_text = read_lines(os.path.join(args.data, "valid.en"))[: args.valid_sentences]
    valid_ref = read_lines(os.path.join(args.data, "valid.es"))[: args.valid_sentences]
    valid_src = to_ids(valid_src_text, src_vocab)
    cfg = config_for(len(src_vocab), len(tgt_vocab))
    model = Seq2SeqTransformer(cfg, dropout=args.dropout)
    for name, p in model.named_parameters():
        if p.dim() > 1 and "embedding" not in name:
            nn.init.xavier_uniform_(p)
    for emb in (model.encoder.embedding, model.decoder.embedding):
        nn.init.normal_(emb.weight, std=cfg["d_model"] ** -0.5)
    params = sum(p.numel() for p in model.parameters())
    print(f"parameters: {params}  train pairs: {len(train_src)}  threads: {torch.get_num_threads()}", flush=True)
    opt = torch.optim.Adam(model.parameters(), lr=args.lr, betas=(0.9, 0.98), eps=1e-9)

    def lr_at(step):
        step = max(step, 1)
        return args.lr * min(step / args.warmup, math.sqrt(args.warmup / step))

    loss_fn = nn.CrossEntropyLoss(ignore_index=PAD, label_smoothing=args.label_smoothing)
    step, started = 0, time.time()
    history = []
    for epoch in range(1, args.epochs + 1):
        model.train()
        epoch_start = time.time()
        batches = make_batches(train_src, train_tgt, args.batch_size, rng)
        tot_loss, tot_tok, win_tok, win_start, win_loss, win_n = 0.0, 0, 0, time.time(), 0.0, 0
        for b in batches:
            src = pad_batch([train_src[i] for i in b])
            tgt_in = pad_batch([train_tgt[i] for i in b], front=[BOS])
            tgt_out = pad_batch([train_tgt[i] for i in b], back=[EOS])
            step += 1
            for g in opt.param_groups:
                g["lr"] = lr_at(step)
            logits = model(src, tgt_in)
            loss = loss_fn(logits.reshape(-1, logits.shape[-1]), tgt_out.reshape(-1))
            opt.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            ntok = int((tgt_out != PAD).sum())
            tot_loss += float(loss) * ntok
            tot_tok += ntok
            win_tok += ntok
            win_loss += float(loss)
            win_n += 1
            if step % 200 == 0:
                dt = time.time() - win_start
                print(f"epoch {epoch} step {step} loss {win_loss / win_n:.3f} lr {lr_at(step):.2e} "
                      f"{win_tok / dt:.0f} target tokens/s", flush=True)
                win_tok, win_start, win_loss, win_n = 0, time.time(), 0.0, 0
        train_time = time.time() - epoch_start
        match, _ = exact_match(model, valid_src, valid_ref, tgt_vocab)
        history.append((epoch, tot_loss / tot_tok, match, train_time))
        print(f"EPOCH {epoch} train loss {tot_loss / tot_tok:.3f} (label-smoothed) "
              f"valid exact match {100 * match:.1f}% ({len(valid_ref)} sentences) "
              f"epoch time {train_time:.0f} s, total {time.time() - started:.0f} s", flush=True)
        export(model, cfg, args.vocab, args.out)
        print(f"exported {args.out} after epoch {epoch}", flush=True)
        if match >= args.target_match:
            print(f"reached {100 * args.target_match:.0f}% validation exact match: stopping", flush=True)
            break
        if args.time_budget and time.time() - started > args.time_budget:
            print(f"time budget of {args.time_budget} s spent: stopping", flush=True)
            break
    print(f"training wall time {time.time() - started:.0f} s", flush=True)
    print("epochs: " + json.dumps(history), flush=True)
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", required=True)
    ap.add_argument("--vocab", default="models/en-es/vocab.json")
    ap.add_argument("--out", default="models/en-es-transformer")
    ap.add_argument("--evaluate", help="model directory to evaluate instead of training")
    ap.add_argument("--split", default="test")
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--hypotheses")
    ap.add_argument("--epochs", type=int, default=6)
    ap.add_argument("--batch-size", type=int, default=64)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--warmup", type=int, default=1000)
    ap.add_argument("--dropout", type=float, default=0.1)
    ap.add_argument("--label-smoothing", type=float, default=0.1)
    ap.add_argument("--valid-sentences", type=int, default=200)
    ap.add_argument("--target-match", type=float, default=0.95)
    ap.add_argument("--time-budget", type=float, default=0, help="stop after the epoch that passes this many seconds")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    if args.evaluate:
        return evaluate(args)
    return train(args)


if __name__ == "__main__":
    sys.exit(main())
