#!/usr/bin/env python3
"""Exports torchvision's ResNet-50 (v1.5, and a v1 variant with the stride on the first 1x1) and
ViT-B/16 at 224^2 to ONNX, and prints PyTorch's own counts of each, measured two independent ways:
forward hooks on the modules, and the convolution/matmul calls dispatched to ATen.

Needs Debian's python3-torch, python3-torchvision (scripts/install_deps.sh --export-tools).
Weights are random (no download): the counts and the graph do not depend on them.
Usage: /usr/bin/python3 tools/onnx/export_torchvision.py OUT_DIR
"""
import json
import math
import sys
from pathlib import Path

import torch
import torchvision
from torch.utils._python_dispatch import TorchDispatchMode


def hook_macs(model, x):
    """MACs from forward hooks: Conv2d, Linear, and MultiheadAttention (whose projections are called
    functionally, so their Linear hooks never fire)."""
    total = [0]

    def conv(m, i, o):
        total[0] += o.numel() * (m.in_channels // m.groups) * m.kernel_size[0] * m.kernel_size[1]

    def linear(m, i, o):
        total[0] += o.numel() * m.in_features

    def mha(m, i, o):
        b, t, e = o[0].shape  # = the query's (batch, tokens, embed): batch_first, self-attention
        total[0] += b * t * e * 3 * e + 2 * b * t * t * e + b * t * e * e

    hooks = []
    for mod in model.modules():
        if isinstance(mod, torch.nn.Conv2d):
            hooks.append(mod.register_forward_hook(conv))
        elif isinstance(mod, torch.nn.MultiheadAttention):
            hooks.append(mod.register_forward_hook(mha))
        elif isinstance(mod, torch.nn.Linear) and not type(mod).__name__.startswith("NonDynamically"):
            hooks.append(mod.register_forward_hook(linear))
    with torch.no_grad():
        model(x)
    for h in hooks:
        h.remove()
    return total[0]


class CountDispatch(TorchDispatchMode):
    """MACs of the convolution and matrix-product calls that reach ATen."""

    def __init__(self):
        super().__init__()
        self.macs = 0

    def __torch_dispatch__(self, func, types, args=(), kwargs=None):
        out = func(*args, **(kwargs or {}))
        name = func.overloadpacket.__name__
        if name == "convolution":
            w, groups = args[1], args[8]
            self.macs += out.numel() * w.shape[1] * w.shape[2] * w.shape[3]
        elif name in ("mm", "bmm"):
            self.macs += out.numel() * args[0].shape[-1]
        elif name in ("addmm", "baddbmm"):
            self.macs += out.numel() * args[1].shape[-1]
        return out


def dispatch_macs(model, x):
    # With gradients on, nn.MultiheadAttention takes its composite path (under no_grad its fused CPU
    # kernel would run the matmuls below this mode's sight).
    with CountDispatch() as c:
        model(x)
    return c.macs


def resnet50_v1():
    """torchvision's ResNet-50 with the downsampling stride moved from the 3x3 onto the first 1x1
    (the original Caffe v1 bottleneck, as traces/resnet50.yaml)."""
    m = torchvision.models.resnet50()
    for layer in (m.layer2, m.layer3, m.layer4):
        b = layer[0]
        b.conv1.stride, b.conv2.stride = (2, 2), (1, 1)
    return m


def export(model, name, out_dir):
    model.eval()
    x = torch.zeros(1, 3, 224, 224)
    params = sum(p.numel() for p in model.parameters())
    counts = {"params": params, "hook_macs": hook_macs(model, x), "dispatch_macs": dispatch_macs(model, x)}
    path = out_dir / f"{name}.onnx"
    # PRESERVE keeps BatchNormalization nodes (EVAL would fold them into the convolutions and lose their
    # parameters); opset 17 has LayerNormalization; GELU stays in its erf form.
    torch.onnx.export(model, x, str(path), opset_version=17, do_constant_folding=True,
                      training=torch.onnx.TrainingMode.PRESERVE, input_names=["input"], output_names=["logits"])
    counts["file"] = str(path)
    counts["bytes"] = path.stat().st_size
    print(json.dumps({name: counts}), flush=True)
    return counts


def main():
    if len(sys.argv) != 2:
        sys.exit(f"usage: {sys.argv[0]} OUT_DIR")
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    torch.manual_seed(0)
    res = {
        "resnet50": export(torchvision.models.resnet50(), "resnet50_v15", out),
        "resnet50_v1": export(resnet50_v1(), "resnet50_v1", out),
        "vit_b16_224": export(torchvision.models.vit_b_16(), "vit_b16_224", out),
    }
    (out / "pytorch_counts.json").write_text(json.dumps(res, indent=2) + "\n")
    for name, c in res.items():
        if c["hook_macs"] != c["dispatch_macs"]:
            sys.exit(f"{name}: hook MACs {c['hook_macs']} != dispatched MACs {c['dispatch_macs']}")


if __name__ == "__main__":
    main()
