#!/usr/bin/env python3
"""Trains models/en-es-subword: the Transformer of models/en-es-transformer with a shared subword
vocabulary (tokenizer.json, see tools/tokenizer/sentencepiece_tokenizer.py), so that names and
unseen words copy through piece by piece instead of becoming <unk>.

Same model, optimiser, schedule and export as tools/train/transformer.py (imported from it); what
differs is the text side: sentences are tokenised into pieces with the tokenizer.json Unigram
model (tools/tokenizer's pure-Python Viterbi, checked there to match SentencePiece), both tables
have the one vocabulary, the training data is train.* plus the name-heavy names.*, and exact
match and BLEU compare whole words after detokenisation (pieces joined, "▁" → space).

Usage:
  python3 tools/train/subword.py --data DIR --tokenizer models/en-es-subword/tokenizer.json \
      --out models/en-es-subword [--epochs 12] [--time-budget 2100]
  python3 tools/train/subword.py --evaluate models/en-es-subword --data DIR [--split test]
      [--split names-test] [--hypotheses FILE]
  python3 tools/train/subword.py --translate models/en-es-subword "Zorbak eats the green apple ."
  python3 tools/train/subword.py --fixture models/en-es-subword --data DIR
      (test/fixtures/en-es-subword/forced.json: PyTorch's log-probs and greedy ids)
DIR (with names.* and names-test.*):
  node tools/run.mjs tools/corpus/generate.ts --seed 1 --out DIR --names 5000 --held-out-names 500 \
      --name-pairs 25000 --name-test-pairs 200
"""
import argparse
import json
import math
import os
import random
import shutil
import sys
import time
from collections import Counter

import torch
from torch import nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tokenizer"))
from transformer import (BOS, EOS, PAD, Seq2SeqTransformer, config_for, greedy,  # noqa: E402
                         load_model, make_batches, pad_batch, save_safetensors)
from sentencepiece_tokenizer import Unigram  # noqa: E402


def read_text(path):
    with open(path, encoding="utf-8") as f:
        return [line.rstrip("\n") for line in f if line.strip()]


class Tokens:
    """tokenizer.json encode/decode with a per-word cache (the corpus repeats its words)."""

    def __init__(self, path):
        self.tok = Unigram(path)
        self.cache = {}
        self.size = len(self.tok.pieces)

    def encode(self, line):
        out = []
        for w in line.split():
            ids = self.cache.get(w)
            if ids is None:
                ids = self.cache[w] = self.tok.encode_word("\u2581" + w)
            out += ids
        return out

    def decode(self, ids):
        return self.tok.decode(ids)


def bleu(hypotheses, references):
    """Corpus BLEU-4 as tools/eval/bleu.ts (sacreBLEU defaults, tokenize none, exp smoothing)."""
    matches, totals = [0] * 4, [0] * 4
    hyp_len = ref_len = 0
    for h, r in zip(hypotheses, references):
        hyp_len += len(h)
        ref_len += len(r)
        for n in range(1, 5):
            rc = Counter(tuple(r[i:i + n]) for i in range(len(r) - n + 1))
            hc = Counter(tuple(h[i:i + n]) for i in range(len(h) - n + 1))
            matches[n - 1] += sum(min(c, rc[g]) for g, c in hc.items())
            totals[n - 1] += max(0, len(h) - n + 1)
    precisions, smooth = [0.0] * 4, 1
    for n in range(4):
        if totals[n] == 0:
            break
        if matches[n] == 0:
            smooth *= 2
            precisions[n] = 100 / (smooth * totals[n])
        else:
            precisions[n] = 100 * matches[n] / totals[n]
    if hyp_len == 0:
        return 0.0
    bp = 1 if hyp_len >= ref_len else math.exp(1 - ref_len / hyp_len)
    return bp * math.exp(sum(math.log(p) if p > 0 else -9999999999 for p in precisions) / 4)


def score(model, tokens, src_lines, ref_lines):
    hyps = [tokens.decode(h) for h in greedy(model, [tokens.encode(s) for s in src_lines])]
    match = sum(1 for h, r in zip(hyps, ref_lines) if h.split() == r.split()) / len(ref_lines)
    return match, bleu([h.split() for h in hyps], [r.split() for r in ref_lines]), hyps


def names_copied(src_lines, hyps):
    """Capitalised source words but "I" (names, acronyms) found among the words of the output, and all of them."""
    names = [(w, h.split()) for s, h in zip(src_lines, hyps) for w in s.split() if w[:1].isupper() and w != "I"]
    return sum(1 for w, h in names if w in h), len(names)


def export(model, cfg, tokenizer_path, out_dir):
    os.makedirs(out_dir, exist_ok=True)
    model.eval()
    state = {k: v.detach().to(torch.float16) for k, v in model.state_dict().items()}
    save_safetensors(state, os.path.join(out_dir, "model.safetensors"), metadata={"generator": "tools/train/subword.py"})
    with open(os.path.join(out_dir, "config.json"), "w") as f:
        json.dump(cfg, f, indent=2)
        f.write("\n")
    target = os.path.join(out_dir, "tokenizer.json")
    if os.path.abspath(tokenizer_path) != os.path.abspath(target):
        shutil.copyfile(tokenizer_path, target)


def train(args):
    torch.manual_seed(args.seed)
    rng = random.Random(args.seed)
    tokens = Tokens(args.tokenizer)
    src_lines, tgt_lines = [], []
    for name in args.train_files.split(","):
        src_lines += read_text(os.path.join(args.data, f"{name}.en"))
        tgt_lines += read_text(os.path.join(args.data, f"{name}.es"))
    t0 = time.time()
    # The source is the pieces alone, no <s> or </s>, as the engine passes it (docs/model-format.md).
    train_src = [tokens.encode(s) for s in src_lines]
    train_tgt = [tokens.encode(s) for s in tgt_lines]
    print(f"tokenised {len(train_src)} pairs in {time.time() - t0:.1f} s: "
          f"{sum(map(len, train_src)) / len(train_src):.1f} source and "
          f"{sum(map(len, train_tgt)) / len(train_tgt):.1f} target pieces per sentence", flush=True)
    valid_src = read_text(os.path.join(args.data, "valid.en"))[: args.valid_sentences]
    valid_ref = read_text(os.path.join(args.data, "valid.es"))[: args.valid_sentences]
    names_src = names_ref = None
    if args.names_valid and os.path.exists(os.path.join(args.data, f"{args.names_valid}.en")):
        names_src = read_text(os.path.join(args.data, f"{args.names_valid}.en"))
        names_ref = read_text(os.path.join(args.data, f"{args.names_valid}.es"))
    cfg = config_for(tokens.size, tokens.size)
    model = Seq2SeqTransformer(cfg, dropout=args.dropout)
    for name, p in model.named_parameters():
        if p.dim() > 1 and "embedding" not in name:
            nn.init.xavier_uniform_(p)
    for emb in (model.encoder.embedding, model.decoder.embedding):
        nn.init.normal_(emb.weight, std=cfg["d_model"] ** -0.5)
    if args.tie:
        # One table for source embeddings, target embeddings and the generator's matrix: a piece
        # means the same on both sides, which is what copying a name piece by piece needs. The
        # file still has the three tensors (equal), as the format wants.
        model.decoder.embedding.weight = model.encoder.embedding.weight
        model.generator.weight = model.encoder.embedding.weight
    if args.init:
        # Continue from an exported model (F16 weights read back as float32; Adam starts afresh
        # and the learning rate schedule resumes at --start-step).
        _, loaded = load_model(args.init)
        model.load_state_dict(loaded.state_dict(), strict=False)
        print(f"initialised from {args.init}, schedule from step {args.start_step}", flush=True)
    print(f"parameters: {sum(p.numel() for p in model.parameters())}  vocabulary: {tokens.size}  "
          f"threads: {torch.get_num_threads()}", flush=True)
    opt = torch.optim.Adam(model.parameters(), lr=args.lr, betas=(0.9, 0.98), eps=1e-9)

    def lr_at(step):
        step = max(step, 1)
        return args.lr * min(step / args.warmup, math.sqrt(args.warmup / step))

    loss_fn = nn.CrossEntropyLoss(ignore_index=PAD, label_smoothing=args.label_smoothing)
    step, started, history = args.start_step, time.time(), []
    for epoch in range(args.first_epoch, args.first_epoch + args.epochs):
        model.train()
        epoch_start = time.time()
        tot_loss, tot_tok, win_tok, win_start, win_loss, win_n = 0.0, 0, 0, time.time(), 0.0, 0
        for b in make_batches(train_src, train_tgt, args.batch_size, rng):
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
                      f"{win_tok / dt:.0f} target pieces/s", flush=True)
                win_tok, win_start, win_loss, win_n = 0, time.time(), 0.0, 0
        train_time = time.time() - epoch_start
        match, valid_bleu, _ = score(model, tokens, valid_src, valid_ref)
        names_note, names_rate, names_match = "", None, None
        if names_src:
            names_match, _, names_hyps = score(model, tokens, names_src, names_ref)
            copied, total = names_copied(names_src, names_hyps)
            names_rate = copied / total
            names_note = (f"; {args.names_valid}: exact match {100 * names_match:.1f}%, "
                          f"names copied {copied}/{total} ({100 * names_rate:.1f}%)")
        history.append((epoch, round(tot_loss / tot_tok, 3), match, round(valid_bleu, 2), round(train_time),
                        names_match, names_rate))
        print(f"EPOCH {epoch} train loss {tot_loss / tot_tok:.3f} (label-smoothed) "
              f"valid exact match {100 * match:.1f}% BLEU {valid_bleu:.2f} ({len(valid_ref)} sentences){names_note} "
              f"epoch time {train_time:.0f} s, total {time.time() - started:.0f} s", flush=True)
        export(model, cfg, args.tokenizer, args.out)
        print(f"exported {args.out} after epoch {epoch} (step {step})", flush=True)
        if match >= args.target_match and (names_rate is None or names_rate >= args.target_names):
            print(f"reached {100 * args.target_match:.0f}% validation exact match"
                  f"{'' if names_rate is None else f' and {100 * args.target_names:.0f}% names copied'}: stopping",
                  flush=True)
            break
        if args.time_budget and time.time() - started > args.time_budget:
            print(f"time budget of {args.time_budget} s spent: stopping", flush=True)
            break
    print(f"training wall time {time.time() - started:.0f} s", flush=True)
    print("epochs: " + json.dumps(history), flush=True)
    return 0


def evaluate(args):
    _, model = load_model(args.evaluate)
    tokens = Tokens(os.path.join(args.evaluate, "tokenizer.json"))
    for split in args.split.split(","):
        src = read_text(os.path.join(args.data, f"{split}.en"))
        ref = read_text(os.path.join(args.data, f"{split}.es"))
        if args.limit:
            src, ref = src[: args.limit], ref[: args.limit]
        started = time.time()
        match, b, hyps = score(model, tokens, src, ref)
        copied, names = names_copied(src, hyps)
        print(f"{args.evaluate}: {split} ({len(ref)} sentences): greedy exact match {100 * match:.1f}%, "
              f"BLEU {b:.2f}, names copied {copied}/{names} ({time.time() - started:.1f} s)", flush=True)
        if args.hypotheses:
            with open(f"{args.hypotheses}.{split}", "w", encoding="utf-8") as f:
                f.writelines(h + "\n" for h in hyps)
    return 0


def translate(args):
    _, model = load_model(args.translate)
    tokens = Tokens(os.path.join(args.translate, "tokenizer.json"))
    for line in args.sentences:
        ids = tokens.encode(line)
        out = greedy(model, [ids])[0]
        print(f"{line} -> {tokens.decode(out)}   [{' '.join(tokens.tok.pieces[i] for i in out)}]")
    return 0


def fixture(args):
    """PyTorch's own outputs (float64 from the stored F16 weights) for a few sentences: the pieces
    of source and reference, the teacher-forced log-prob of every reference piece and of </s>, and
    the greedy ids, as tools/fixtures/make_model_fixture.py records them for en-es-transformer."""
    cfg, model = load_model(args.fixture)
    model = model.double()
    tokens = Tokens(os.path.join(args.fixture, "tokenizer.json"))
    pairs = []
    for split, count in (("test", 6), ("names-test", 3)):
        src = read_text(os.path.join(args.data, f"{split}.en"))[:count]
        ref = read_text(os.path.join(args.data, f"{split}.es"))[:count]
        pairs += [(split, s, r) for s, r in zip(src, ref)]
    pairs.append(("example", "Zorbak eats the green apple .", "Zorbak come la manzana verde ."))
    sentences = []
    with torch.no_grad():
        for split, s, r in pairs:
            src_ids, tgt_ids = tokens.encode(s), tokens.encode(r)
            memory, mask = model.encode(torch.tensor([src_ids]))
            logp = torch.log_softmax(model.decode(memory, mask, torch.tensor([[BOS] + tgt_ids]))[0], dim=-1)
            hyp = greedy(model, [src_ids])[0]
            sentences.append({
                "split": split, "source_text": s, "target_text": r, "source": src_ids, "target": tgt_ids,
                "source_pieces": [tokens.tok.pieces[i] for i in src_ids],
                "logprobs": [float(logp[i, t]) for i, t in enumerate(tgt_ids + [EOS])],
                "greedy": hyp, "greedy_text": tokens.decode(hyp),
            })
    os.makedirs(os.path.dirname(args.fixture_out), exist_ok=True)
    with open(args.fixture_out, "w", encoding="utf-8") as f:
        json.dump({"format": 1, "generator": "tools/train/subword.py --fixture", "model": args.fixture,
                   "torch_version": torch.__version__, "sentences": sentences}, f, ensure_ascii=False)
        f.write("\n")
    print(f"wrote {args.fixture_out}: {len(sentences)} sentences", flush=True)
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data")
    ap.add_argument("--tokenizer", default="models/en-es-subword/tokenizer.json")
    ap.add_argument("--train-files", default="train,names")
    ap.add_argument("--out", default="models/en-es-subword")
    ap.add_argument("--evaluate", help="model directory to evaluate instead of training")
    ap.add_argument("--translate", help="model directory: translate the sentences given")
    ap.add_argument("sentences", nargs="*")
    ap.add_argument("--fixture", help="model directory: write PyTorch's outputs for a few sentences")
    ap.add_argument("--fixture-out", default="test/fixtures/en-es-subword/forced.json")
    ap.add_argument("--split", default="test", help="comma-separated splits for --evaluate")
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--hypotheses", help="with --evaluate: write FILE.SPLIT")
    ap.add_argument("--epochs", type=int, default=12)
    ap.add_argument("--batch-size", type=int, default=64)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--warmup", type=int, default=1000)
    ap.add_argument("--dropout", type=float, default=0.1)
    ap.add_argument("--label-smoothing", type=float, default=0.1)
    ap.add_argument("--valid-sentences", type=int, default=200)
    ap.add_argument("--target-match", type=float, default=0.95)
    ap.add_argument("--names-valid", default="names-valid",
                    help="split of --data with unseen names, scored after each epoch (skipped if absent)")
    ap.add_argument("--target-names", type=float, default=0.95,
                    help="with --names-valid: also stop only once this share of its names is copied")
    ap.add_argument("--tie", action="store_true",
                    help="share one matrix between source and target embeddings and the generator")
    ap.add_argument("--init", help="model directory to continue training from")
    ap.add_argument("--start-step", type=int, default=0, help="with --init: the step the schedule resumes at")
    ap.add_argument("--first-epoch", type=int, default=1, help="with --init: the number of the first epoch")
    ap.add_argument("--time-budget", type=float, default=0, help="stop after the epoch that passes this many seconds")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    if args.translate:
        return translate(args)
    if args.fixture:
        return fixture(args)
    if args.evaluate:
        return evaluate(args)
    if not args.data:
        ap.error("--data is required")
    return train(args)


if __name__ == "__main__":
    sys.exit(main())
