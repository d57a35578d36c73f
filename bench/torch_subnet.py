#!/usr/bin/env python3
"""PyTorch side of the subnet inference comparison (docs/performance.md, bench/run_torch_compare.sh).

Rebuilds a CV subnet exported by `shiftadd export` (conv blocks only: conv 3x3 + BN + ReLU, residual
when the shape is kept, as models/supernet/cv_supernet.cpp) in PyTorch with the exported weights,
checks its Fashion-MNIST test accuracy, and times float inference in eval mode under no_grad.
Prints one JSON line: {"images_per_s", "accuracy", "threads", "batch", "torch"}.
Usage: /usr/bin/python3 bench/torch_subnet.py EXPORT_DIR SPACE_YAML [--threads 2] [--batch 500]
       [--seconds 10] [--data-dir /usr/share/datasets/fashion-mnist]
"""
import argparse
import gzip
import json
import sys
import time
from pathlib import Path

import numpy as np
import torch
import yaml

MEAN, STD = 0.2860, 0.3530  # models/data/fashion_mnist.h


def load_idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    ndim = data[3]
    dims = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(ndim)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)


class Block(torch.nn.Module):
    def __init__(self, w, bn, stride):
        super().__init__()
        self.conv = torch.nn.Conv2d(w.shape[1], w.shape[0], 3, stride=stride, padding=1, bias=False)
        self.conv.weight.data = torch.from_numpy(w)
        self.bn = bn
        self.residual = stride == 1 and w.shape[0] == w.shape[1]

    def forward(self, h):
        y = torch.relu(self.bn(self.conv(h)))
        return y + h if self.residual else y


class Subnet(torch.nn.Module):
    def __init__(self, export_dir, space):
        super().__init__()
        man = json.loads((export_dir / "manifest.json").read_text())
        t = {e["name"]: np.load(export_dir / e["file"]).astype(np.float32) for e in man["tensors"]}
        arch = yaml.safe_load((export_dir / "arch.yaml").read_text())

        def bn(prefix):
            m = torch.nn.BatchNorm2d(t[prefix + ".weight"].shape[0], eps=1e-5)
            for name in ("weight", "bias", "running_mean", "running_var"):
                getattr(m, name).data = torch.from_numpy(t[f"{prefix}.{name}"])
            return m

        stem = space["stem"]
        self.stem = torch.nn.Conv2d(space["input"]["channels"], stem["channels"], stem["kernel"],
                                    stride=stem["stride"], padding=stem["kernel"] // 2, bias=False)
        self.stem.weight.data = torch.from_numpy(t["stem.weight"])
        self.stem_bn = bn("stem_bn")
        blocks, res = [], space["input"]["height"] // stem["stride"]
        for s, (stage, kinds) in enumerate(zip(space["stages"], arch["stages"])):
            for l, kind in enumerate(kinds):
                if kind != "conv":
                    sys.exit(f"torch_subnet: block s{s}.l{l} is {kind}; only conv subnets are compared")
                stride = res // stage["resolution"] if l == 0 else 1
                blocks.append(Block(t[f"s{s}.l{l}.weight"], bn(f"s{s}.l{l}.bn_conv"), stride))
            res = stage["resolution"]
        self.blocks = torch.nn.Sequential(*blocks)
        self.head = torch.nn.Linear(t["head.weight"].shape[1], t["head.weight"].shape[0])
        self.head.weight.data, self.head.bias.data = torch.from_numpy(t["head.weight"]), torch.from_numpy(t["head.bias"])

    def forward(self, x):
        h = self.blocks(torch.relu(self.stem_bn(self.stem(x))))
        return self.head(h.mean(dim=(2, 3)))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("export_dir", type=Path)
    ap.add_argument("space", type=Path)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--batch", type=int, default=500)
    ap.add_argument("--seconds", type=float, default=10.0)
    ap.add_argument("--data-dir", type=Path, default=Path("/usr/share/datasets/fashion-mnist"))
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    net = Subnet(a.export_dir, yaml.safe_load(a.space.read_text())).eval()
    images = load_idx(a.data_dir / "t10k-images-idx3-ubyte.gz").astype(np.float32)
    labels = torch.from_numpy(load_idx(a.data_dir / "t10k-labels-idx1-ubyte.gz").astype(np.int64))
    x = torch.from_numpy((images / 255.0 - MEAN) / STD).float().unsqueeze(1)
    batches = list(torch.split(x, a.batch))
    with torch.no_grad():
        pred = torch.cat([net(b).argmax(1) for b in batches])
        accuracy = float((pred == labels).float().mean())
        done, start = 0, time.perf_counter()
        while time.perf_counter() - start < a.seconds:
            for b in batches:
                net(b)
                done += b.shape[0]
        rate = done / (time.perf_counter() - start)
    print(json.dumps({"images_per_s": round(rate, 1), "accuracy": accuracy, "threads": a.threads,
                      "batch": a.batch, "torch": torch.__version__}))


if __name__ == "__main__":
    main()
