#!/usr/bin/env python3
"""Trains a shared English+Spanish SentencePiece (Unigram) model and writes it as tokenizer.json.

The subword model models/en-es-subword uses ONE vocabulary for source and target, learned from
both sides of its training data, so that a name or an unseen word splits into the same pieces on
both sides and the model can copy it through piece by piece. The special pieces are
<pad>=0, <unk>=1, <s>=2, </s>=3 (config.json's pad/unk/bos/eos ids).

The output is the Hugging Face `tokenizers` JSON format (what `tokenizers` in Python writes and
`@huggingface/tokenizers` in JS reads), written here from the SentencePiece model (no
`tokenizers` or `transformers` package needed):
  normalizer     null (SentencePiece is trained with the `identity` rule: no NFKC)
  pre_tokenizer  Sequence[WhitespaceSplit,
                          Split(/[.,;:!?¿¡]/, Isolated),
                          Metaspace(replacement "▁", prepend_scheme "always", split true)]
                 The corpus puts a space around every punctuation mark ("apple ." "¿ dónde"), so
                 on corpus text this is exactly SentencePiece (add_dummy_prefix,
                 split_by_whitespace, remove_extra_whitespaces); the Split makes typed text
                 ("apple.", "¿dónde") give the same ids as the corpus form.
  model          Unigram(vocab [[piece, log-prob score], …] in id order, unk_id 1, byte_fallback false)
  decoder        Metaspace(replacement "▁", prepend_scheme "always", split true): pieces joined,
                 "▁" → " ", the leading space dropped; this gives the corpus form "apple ." (the JS
                 Tokenizer's clean_up_tokenization_spaces, on unless its config says false, then
                 makes it "apple.")
  added_tokens   the four special pieces <pad>=0 <unk>=1 <s>=2 </s>=3, special, not normalised
  post_processor null (no <s> or </s> added: the model takes the source pieces alone)

Usage:
  python3 tools/tokenizer/sentencepiece_tokenizer.py --data DIR --out models/en-es-subword \
      [--vocab-size 2000] [--inputs train.en,train.es,names.en,names.es]
  python3 tools/tokenizer/sentencepiece_tokenizer.py --check models/en-es-subword --data DIR
Needs `python3-sentencepiece` (Debian) for training; --check only needs tokenizer.json and
re-tokenises DIR's files with the pure-Python Viterbi below, comparing with SentencePiece when
the .model file is given (--model).
"""
import argparse
import json
import math
import os
import re
import sys
import tempfile
import time

SPECIALS = ["<pad>", "<unk>", "<s>", "</s>"]
META = "\u2581"
# Marks split off the words they are typed against (the corpus has them as words of their own).
PUNCTUATION = "[.,;:!?¿¡]"


def train_sentencepiece(files, prefix, vocab_size, threads):
    import sentencepiece as spm
    spm.SentencePieceTrainer.train(
        input=",".join(files), model_prefix=prefix, model_type="unigram", vocab_size=vocab_size,
        character_coverage=1.0, normalization_rule_name="identity", split_by_whitespace=True,
        split_by_unicode_script=False,
        pad_id=0, unk_id=1, bos_id=2, eos_id=3,
        pad_piece="<pad>", unk_piece="<unk>", bos_piece="<s>", eos_piece="</s>",
        input_sentence_size=0, shuffle_input_sentence=False, num_threads=threads,
        max_sentencepiece_length=16, seed_sentencepiece_size=200000, minloglevel=1)
    return prefix + ".model"


def tokenizer_json(model_path):
    import sentencepiece as spm
    sp = spm.SentencePieceProcessor(model_file=model_path)
    vocab = [[sp.id_to_piece(i), float(sp.get_score(i))] for i in range(sp.get_piece_size())]
    for i, piece in enumerate(SPECIALS):
        if vocab[i][0] != piece:
            raise ValueError(f"piece {i} is {vocab[i][0]!r}, not {piece!r}")
        vocab[i][1] = 0.0
    metaspace = {"type": "Metaspace", "replacement": META, "prepend_scheme": "always", "split": True}
    return {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": [
            {"id": i, "content": piece, "single_word": False, "lstrip": False, "rstrip": False,
             "normalized": False, "special": True}
            for i, piece in enumerate(SPECIALS)
        ],
        "normalizer": None,
        "pre_tokenizer": {"type": "Sequence", "pretokenizers": [
            {"type": "WhitespaceSplit"},
            {"type": "Split", "pattern": {"Regex": PUNCTUATION}, "behavior": "Isolated", "invert": False},
            metaspace,
        ]},
        "post_processor": None,
        "decoder": metaspace,
        "model": {"type": "Unigram", "unk_id": 1, "vocab": vocab, "byte_fallback": False},
    }


class Unigram:
    """The tokenizer.json model in Python: Viterbi over the pieces of each ▁-prefixed word."""

    def __init__(self, path):
        with open(path, encoding="utf-8") as f:
            tok = json.load(f)
        model = tok["model"]
        self.pieces = [p for p, _ in model["vocab"]]
        self.unk = model["unk_id"]
        special = {t["content"] for t in tok["added_tokens"]}
        self.score = {p: s for p, s in model["vocab"] if p not in special}
        self.id = {p: i for i, p in enumerate(self.pieces)}
        self.unk_score = min(self.score.values()) - 10.0
        self.longest = max(len(p) for p in self.score)

    def encode_word(self, word):
        n = len(word)
        best = [(-math.inf, -1, None)] * (n + 1)
        best[0] = (0.0, -1, None)
        for end in range(1, n + 1):
            for start in range(max(0, end - self.longest), end):
                if best[start][0] == -math.inf:
                    continue
                piece = word[start:end]
                score = self.score.get(piece)
                if score is None:
                    if end - start != 1:
                        continue
                    score, piece = self.unk_score, None
                total = best[start][0] + score
                if total > best[end][0]:
                    best[end] = (total, start, piece)
        out, end = [], n
        while end > 0:
            _, start, piece = best[end]
            out.append(self.unk if piece is None else self.id[piece])
            end = start
        out.reverse()
        # Consecutive unknown characters make one <unk>, as in SentencePiece and tokenizers.
        merged = []
        for i in out:
            if not (i == self.unk and merged and merged[-1] == self.unk):
                merged.append(i)
        return merged

    def words(self, text):
        """The pre-tokenizer: whitespace split, then punctuation marks split off."""
        return [w for chunk in text.split() for w in re.split(f"({PUNCTUATION})", chunk) if w]

    def encode(self, text):
        return [i for w in self.words(text) for i in self.encode_word(META + w)]

    def decode(self, ids):
        return "".join(self.pieces[i] for i in ids if i > 3).replace(META, " ").strip()


def check(args):
    tok = Unigram(os.path.join(args.check, "tokenizer.json"))
    sp = None
    if args.model:
        import sentencepiece as spm
        sp = spm.SentencePieceProcessor(model_file=args.model)
    lines = []
    for name in args.inputs.split(","):
        with open(os.path.join(args.data, name), encoding="utf-8") as f:
            lines += [line.rstrip("\n") for line in f if line.strip()]
    lines += ["Zorbak eats the green apple .", "Zorbak come la manzana verde ."]
    mismatches, roundtrip, pieces = 0, 0, 0
    for line in lines:
        ids = tok.encode(line)
        pieces += len(ids)
        if sp is not None and sp.encode(line) != ids:
            mismatches += 1
            if mismatches <= 5:
                print(f"differs: {line!r}: {sp.encode(line, out_type=str)} vs {[tok.pieces[i] for i in ids]}")
        if tok.decode(ids) != line:
            roundtrip += 1
    print(f"{len(lines)} lines, {pieces / len(lines):.1f} pieces per line, "
          f"{mismatches} differ from SentencePiece, {roundtrip} do not decode back")
    for line in lines[-2:]:
        print(line, "->", [tok.pieces[i] for i in tok.encode(line)])
    return 1 if mismatches or roundtrip else 0


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", help="the corpus directory (training, --check)")
    ap.add_argument("--out", default="models/en-es-subword")
    ap.add_argument("--inputs", default="train.en,train.es,names.en,names.es")
    ap.add_argument("--vocab-size", type=int, default=2000)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--keep-model", help="also copy the SentencePiece .model file here")
    ap.add_argument("--check", help="model directory whose tokenizer.json to check against --data")
    ap.add_argument("--model", help="with --check: a SentencePiece .model file to compare with")
    ap.add_argument("--from-model", help="write tokenizer.json from this SentencePiece .model (no training)")
    args = ap.parse_args()
    if args.check:
        return check(args)
    started = time.time()
    if args.from_model:
        tok = tokenizer_json(args.from_model)
    else:
        with tempfile.TemporaryDirectory() as tmp:
            files = [os.path.join(args.data, name) for name in args.inputs.split(",")]
            model_path = train_sentencepiece(files, os.path.join(tmp, "spm"), args.vocab_size, args.threads)
            tok = tokenizer_json(model_path)
            if args.keep_model:
                with open(model_path, "rb") as src, open(args.keep_model, "wb") as dst:
                    dst.write(src.read())
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "tokenizer.json"), "w", encoding="utf-8") as f:
        json.dump(tok, f, ensure_ascii=False, indent=None, separators=(",", ":"))
        f.write("\n")
    print(f"wrote {args.out}/tokenizer.json: {len(tok['model']['vocab'])} pieces "
          f"in {time.time() - started:.1f} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
