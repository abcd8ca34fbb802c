"""PyTorch peer of `npm run bench:extract` (issue #5): the seed's way of getting activations.

Loads the random checkpoint the bench wrote (HF config.json + model.safetensors), builds the model
in torch eager from nn.Linear / nn.Embedding / nn.LayerNorm, registers forward hooks on each block
(resid_post), its attention module (attn_out, after the output projection) and its MLP module
(mlp_out), and appends every hooked tensor of every batch to a per-tap .npy file, as the seed saved
activations to disk. Runs, batch x seq tokens each, one untimed warm-up batch first:

  hooksAll        all layers x 3 hooks
  hooksFirstHalf  the given layers x 2 hooks (resid_post, mlp_out)
  bare            full forward with logits, no hooks (median of runs, like the bench's ORT row)

Hook runs go through the decoder stack only (embeddings + blocks, no final norm or LM head), the
work the extraction graphs do too; hooks cannot stop a forward early, so (b) still runs every block.
Token ids use the bench's fixed-seed generator, so row 0 is the bench's row 0 and --logits-out
(row 0's FP32 logits, raw little-endian float32 [seq, vocab]) can be compared with ORT's.

Plain python3 with torch and numpy only (Debian's python3-torch 1.13 has no safetensors or
transformers). The BLAS environment (OPENBLAS_CORETYPE, OPENBLAS_NUM_THREADS, OMP_WAIT_POLICY) is
set by the caller. Prints one JSON object on stdout.
"""

import argparse
import ctypes
import json
import math
import os
import resource
import shutil
import statistics
import struct
import time

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

# ---------------------------------------------------------------------------- checkpoint


def load_safetensors(path):
    """name -> float32 tensor. Format: u64 LE header length, JSON header, raw tensor bytes."""
    with open(path, "rb") as f:
        (header_len,) = struct.unpack("<Q", f.read(8))
        header = json.loads(f.read(header_len))
        data = np.fromfile(f, dtype=np.uint8)
    tensors = {}
    for name, meta in header.items():
        if name == "__metadata__":
            continue
        begin, end = meta["data_offsets"]
        raw = data[begin:end]
        if meta["dtype"] == "BF16":
            # bf16 is the top half of a float32: widen the bit pattern.
            values = (raw.view("<u2").astype(np.uint32) << 16).view(np.float32)
        elif meta["dtype"] in ("F16", "F32"):
            values = raw.view("<f2" if meta["dtype"] == "F16" else "<f4").astype(np.float32)
        else:
            raise ValueError(f"{name}: dtype {meta['dtype']} not supported by the peer")
        tensors[name] = torch.from_numpy(values.reshape(meta["shape"]))
    return tensors


def frozen(tensor):
    return nn.Parameter(tensor, requires_grad=False)


def linear(weight, bias=None):
    """nn.Linear holding `weight` [out, in] (skip_init: no throwaway random init)."""
    layer = nn.utils.skip_init(nn.Linear, weight.shape[1], weight.shape[0], bias=bias is not None)
    layer.weight = frozen(weight)
    if bias is not None:
        layer.bias = frozen(bias)
    return layer


# ---------------------------------------------------------------------------- model


def causal_attention(q, k, v):
    """Eager softmax attention, [B, heads, S, hd]; the masked scores are what the seed computed."""
    seq = q.shape[2]
    scores = (q @ k.transpose(-1, -2)) / math.sqrt(q.shape[-1])
    future = torch.ones(seq, seq, dtype=torch.bool).triu(1)
    return scores.masked_fill(future, float("-inf")).softmax(-1) @ v


class Gpt2Attention(nn.Module):
    def __init__(self, c_attn, c_proj, heads):
        super().__init__()
        self.c_attn, self.c_proj, self.heads = c_attn, c_proj, heads

    def forward(self, x):
        batch, seq, width = x.shape
        split = (t.view(batch, seq, self.heads, -1).transpose(1, 2) for t in self.c_attn(x).split(width, dim=2))
        return self.c_proj(causal_attention(*split).transpose(1, 2).reshape(batch, seq, width))


class Gpt2Mlp(nn.Module):
    def __init__(self, c_fc, c_proj):
        super().__init__()
        self.c_fc, self.c_proj = c_fc, c_proj

    def forward(self, x):
        return self.c_proj(F.gelu(self.c_fc(x), approximate="tanh"))


class RmsNorm(nn.Module):
    def __init__(self, weight, eps):
        super().__init__()
        self.weight, self.eps = frozen(weight), eps

    def forward(self, x):
        return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + self.eps) * self.weight


class Rotary(nn.Module):
    """rotate_half rotary (HF llama) over the whole head, cos/sin tables for every position."""

    def __init__(self, head_dim, theta, max_positions):
        super().__init__()
        inv_freq = 1.0 / theta ** (torch.arange(0, head_dim, 2, dtype=torch.float32) / head_dim)
        angles = torch.outer(torch.arange(max_positions, dtype=torch.float32), inv_freq)
        angles = torch.cat((angles, angles), dim=-1)
        self.cos, self.sin = angles.cos(), angles.sin()

    def forward(self, x):
        seq = x.shape[2]
        first, second = x.chunk(2, dim=-1)
        return x * self.cos[:seq] + torch.cat((-second, first), dim=-1) * self.sin[:seq]


class LlamaAttention(nn.Module):
    def __init__(self, q_proj, k_proj, v_proj, o_proj, heads, kv_heads, rotary):
        super().__init__()
        self.q_proj, self.k_proj, self.v_proj, self.o_proj = q_proj, k_proj, v_proj, o_proj
        self.heads, self.kv_heads, self.rotary = heads, kv_heads, rotary

    def forward(self, x):
        batch, seq, width = x.shape

        def heads(t, n):
            return t.view(batch, seq, n, -1).transpose(1, 2)

        q = self.rotary(heads(self.q_proj(x), self.heads))
        k = self.rotary(heads(self.k_proj(x), self.kv_heads))
        v = heads(self.v_proj(x), self.kv_heads)
        # GQA: each key/value head serves `group` consecutive query heads (HF repeat_kv).
        group = self.heads // self.kv_heads
        k, v = k.repeat_interleave(group, dim=1), v.repeat_interleave(group, dim=1)
        return self.o_proj(causal_attention(q, k, v).transpose(1, 2).reshape(batch, seq, width))


class LlamaMlp(nn.Module):
    def __init__(self, gate_proj, up_proj, down_proj):
        super().__init__()
        self.gate_proj, self.up_proj, self.down_proj = gate_proj, up_proj, down_proj

    def forward(self, x):
        return self.down_proj(F.silu(self.gate_proj(x)) * self.up_proj(x))


class Block(nn.Module):
    """Pre-norm block with sequential residuals; its output is resid_post."""

    def __init__(self, norm1, attn, norm2, mlp):
        super().__init__()
        self.norm1, self.attn, self.norm2, self.mlp = norm1, attn, norm2, mlp

    def forward(self, x):
        x = x + self.attn(self.norm1(x))
        return x + self.mlp(self.norm2(x))


class Decoder(nn.Module):
    def __init__(self, embed, positions, blocks, final_norm, head_weight):
        super().__init__()
        self.embed, self.positions, self.blocks, self.final_norm = embed, positions, nn.ModuleList(blocks), final_norm
        self.head_weight = head_weight

    def body(self, ids):
        """Embeddings and blocks: what the hook runs execute."""
        x = self.embed(ids)
        if self.positions is not None:
            x = x + self.positions(torch.arange(ids.shape[1]))
        for block in self.blocks:
            x = block(x)
        return x

    def forward(self, ids):
        return F.linear(self.final_norm(self.body(ids)), self.head_weight)


def layer_norm(weight, bias, eps):
    norm = nn.utils.skip_init(nn.LayerNorm, weight.shape[0], eps=eps)
    norm.weight, norm.bias = frozen(weight), frozen(bias)
    return norm


def build_gpt2(config, w):
    eps, heads = config["layer_norm_epsilon"], config["n_head"]

    def conv1d(name):  # HF Conv1D stores [in, out]; nn.Linear wants [out, in]
        return linear(w[f"{name}.weight"].t().contiguous(), w[f"{name}.bias"])

    def norm(name):
        return layer_norm(w[f"{name}.weight"], w[f"{name}.bias"], eps)

    blocks = []
    for i in range(config["n_layer"]):
        p = f"transformer.h.{i}"
        attn = Gpt2Attention(conv1d(f"{p}.attn.c_attn"), conv1d(f"{p}.attn.c_proj"), heads)
        mlp = Gpt2Mlp(conv1d(f"{p}.mlp.c_fc"), conv1d(f"{p}.mlp.c_proj"))
        blocks.append(Block(norm(f"{p}.ln_1"), attn, norm(f"{p}.ln_2"), mlp))
    wte = w["transformer.wte.weight"]
    positions = nn.Embedding.from_pretrained(w["transformer.wpe.weight"])
    return Decoder(nn.Embedding.from_pretrained(wte), positions, blocks, norm("transformer.ln_f"), wte)


def build_llama(config, w):
    eps, heads = config["rms_norm_eps"], config["num_attention_heads"]
    kv_heads = config.get("num_key_value_heads", heads)
    head_dim = config.get("head_dim") or config["hidden_size"] // heads
    rotary = Rotary(head_dim, config.get("rope_theta", 10000.0), config["max_position_embeddings"])
    blocks = []
    for i in range(config["num_hidden_layers"]):
        p = f"model.layers.{i}"
        proj = {name: linear(w[f"{p}.{name}.weight"]) for name in ("self_attn.q_proj", "self_attn.k_proj", "self_attn.v_proj", "self_attn.o_proj", "mlp.gate_proj", "mlp.up_proj", "mlp.down_proj")}
        attn = LlamaAttention(proj["self_attn.q_proj"], proj["self_attn.k_proj"], proj["self_attn.v_proj"], proj["self_attn.o_proj"], heads, kv_heads, rotary)
        mlp = LlamaMlp(proj["mlp.gate_proj"], proj["mlp.up_proj"], proj["mlp.down_proj"])
        blocks.append(Block(RmsNorm(w[f"{p}.input_layernorm.weight"], eps), attn, RmsNorm(w[f"{p}.post_attention_layernorm.weight"], eps), mlp))
    embed = w["model.embed_tokens.weight"]
    head = embed if config.get("tie_word_embeddings", True) else w["lm_head.weight"]
    return Decoder(nn.Embedding.from_pretrained(embed), None, blocks, RmsNorm(w["model.norm.weight"], eps), head)


BUILDERS = {"gpt2": build_gpt2, "llama": build_llama}


def load_model(checkpoint):
    with open(os.path.join(checkpoint, "config.json")) as f:
        config = json.load(f)
    model = BUILDERS[config["model_type"]](config, load_safetensors(os.path.join(checkpoint, "model.safetensors")))
    return model.eval(), config


# ---------------------------------------------------------------------------- hooks → .npy


class TapFiles:
    """One .npy per (layer, hook), header written up front for `rows` samples; forward hooks append
    each batch's tensor, so every batch's activations reach the file system as in the seed."""

    MODULES = {"residual": lambda block: block, "attention": lambda block: block.attn, "mlp": lambda block: block.mlp}

    def __init__(self, model, directory, layers, hooks, rows, seq, hidden):
        os.makedirs(directory)
        self.directory, self.files, self.handles = directory, [], []
        for layer in layers:
            for hook in hooks:
                f = open(os.path.join(directory, f"layer_{layer}_{hook}.npy"), "wb")
                np.lib.format.write_array_header_1_0(f, {"descr": "<f4", "fortran_order": False, "shape": (rows, seq, hidden)})
                self.files.append(f)
                self.handles.append(self.MODULES[hook](model.blocks[layer]).register_forward_hook(self._writer(f)))

    @staticmethod
    def _writer(f):
        def hook(_module, _inputs, output):
            output.detach().contiguous().numpy().tofile(f)

        return hook

    def close(self):
        """Removes the hooks, closes the files; returns the bytes written."""
        for handle in self.handles:
            handle.remove()
        for f in self.files:
            f.close()
        written = sum(os.path.getsize(f.name) for f in self.files)
        shutil.rmtree(self.directory)
        return written


# ---------------------------------------------------------------------------- timing


def token_rows(count, seq, vocab):
    """The bench's randomRows, row after row. Its LCG runs in JavaScript doubles, where
    state * 1103515245 is rounded to 53 bits before `>>> 0`, so it is replayed in floats too."""
    state, rows = 12345, []
    for _ in range(count):
        row = []
        for _ in range(seq):
            state = int(float(state) * 1103515245.0 + 12345.0) % 2**32
            row.append(state % vocab)
        rows.append(row)
    return torch.tensor(rows, dtype=torch.int64)


def busy_cpu_seconds():
    """Busy time of the whole machine from /proc/stat (USER_HZ = 100)."""
    with open("/proc/stat") as f:
        fields = [int(x) for x in f.readline().split()[1:9]]
    return (sum(fields) - fields[3] - fields[4]) / 100


def timed(step, runs):
    """step(0) untimed warm-up, then step(1..runs) timed. CPU time is this process's (every thread);
    otherShare is the share of all cores other processes took meanwhile, as the bench reports."""
    started = time.perf_counter()
    step(0)
    first = time.perf_counter() - started
    busy0, cpu0, times = busy_cpu_seconds(), time.process_time(), []
    for i in range(1, runs + 1):
        t = time.perf_counter()
        step(i)
        times.append(time.perf_counter() - t)
    cpu = time.process_time() - cpu0
    other = (busy_cpu_seconds() - busy0 - cpu) / (sum(times) * os.cpu_count())
    return {"times": times, "cpu": cpu, "firstBatchSeconds": first, "otherShare": max(0.0, other)}


def peak_rss_bytes():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def hook_run(model, ids, args, directory, layers, hooks):
    batches = args.batches + 1
    taps = TapFiles(model, directory, layers, hooks, batches * args.batch, args.seq, model.embed.embedding_dim)
    try:
        t = timed(lambda i: model.body(ids[i * args.batch : (i + 1) * args.batch]), args.batches)
    finally:
        output_bytes = taps.close()
    tokens = args.batches * args.batch * args.seq
    return {
        "tokensPerSecond": tokens / sum(t["times"]),
        "tokensPerCpuSecond": tokens / t["cpu"],
        "firstBatchSeconds": t["firstBatchSeconds"],
        "otherShare": t["otherShare"],
        "peakRssBytes": peak_rss_bytes(),
        "outputBytes": output_bytes,
    }


def bare_run(model, ids, args):
    batch = ids[: args.batch]
    t = timed(lambda _: model(batch), args.bare_runs)
    if args.logits_out:
        model(ids[:1])[0].numpy().tofile(args.logits_out)
    tokens = args.batch * args.seq
    return {
        "tokensPerSecond": tokens / statistics.median(t["times"]),
        "tokensPerCpuSecond": args.bare_runs * tokens / t["cpu"],
        "firstBatchSeconds": t["firstBatchSeconds"],
        "otherShare": t["otherShare"],
        "peakRssBytes": peak_rss_bytes(),
        "outputBytes": 0,
    }


# ---------------------------------------------------------------------------- BLAS report


def blas_report():
    """Which BLAS this process loaded (libblas.so.3 goes through Debian's alternatives) and, for
    OpenBLAS, the kernel set it picked: the core decides a 2x-5x in sgemm here (ORT.md, Gotchas 8)."""
    with open("/proc/self/maps") as f:
        paths = {fields[5] for fields in map(str.split, f) if len(fields) == 6}
    library = next((p for p in sorted(paths) if os.path.basename(p).startswith("libblas.so")), None)
    openblas = next((p for p in sorted(paths) if os.path.basename(p).startswith("libopenblas")), None)
    report = {"library": library, "openblas": None, "core": None, "threads": None}
    if openblas is not None:
        lib = ctypes.CDLL(openblas)
        lib.openblas_get_config.restype = lib.openblas_get_corename.restype = ctypes.c_char_p
        report.update(openblas=lib.openblas_get_config().decode(), core=lib.openblas_get_corename().decode(), threads=lib.openblas_get_num_threads())
    return report


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--checkpoint", required=True, help="directory with config.json and model.safetensors")
    parser.add_argument("--out", required=True, help="scratch directory for the .npy files (created, then removed)")
    parser.add_argument("--batch", type=int, default=8)
    parser.add_argument("--seq", type=int, default=128)
    parser.add_argument("--batches", type=int, default=5, help="timed batches per hook run, after one warm-up")
    parser.add_argument("--bare-runs", type=int, default=4, help="timed bare forwards, after one warm-up")
    parser.add_argument("--first-half-layers", required=True, help="comma-separated layers of run (b)")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--logits-out", help="write row 0's bare-forward logits here (raw float32 [seq, vocab])")
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    loaded = time.perf_counter()
    model, config = load_model(args.checkpoint)
    load_seconds = time.perf_counter() - loaded
    ids = token_rows((args.batches + 1) * args.batch, args.seq, config["vocab_size"])
    first_half = [int(x) for x in args.first_half_layers.split(",")]
    with torch.no_grad():
        runs = {
            "hooksAll": hook_run(model, ids, args, os.path.join(args.out, "all"), range(len(model.blocks)), ["residual", "attention", "mlp"]),
            "hooksFirstHalf": hook_run(model, ids, args, os.path.join(args.out, "first-half"), first_half, ["residual", "mlp"]),
            "bare": bare_run(model, ids, args),
        }
    print(json.dumps({"torch": torch.__version__, "threads": torch.get_num_threads(), "blas": blas_report(), "loadSeconds": load_seconds, "runs": runs}))


if __name__ == "__main__":
    main()
