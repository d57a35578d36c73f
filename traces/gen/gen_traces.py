#!/usr/bin/env python3
"""Generates the checked-in workload traces under traces/ (run: python3 traces/gen/gen_traces.py).

Every architecture is transcribed from its reference code; the source and assumptions go into each
trace's `source`/`notes` fields and docs/workloads.md. No dependencies beyond the standard library.
"""
import os
import sys

sys.dont_write_bytecode = True  # keep traces/gen free of __pycache__
from emit import L, block, res_block, write_trace
import hytra
import nlp

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")


# ---------------------------------------------------------------- ResNet v1 (He et al. 2016)
def bottleneck(name, cin, planes, stride, repeat=1):
    out = planes * 4
    main = [L("conv2d", out=planes, kernel=1, stride=stride), L("batchnorm"), L("relu"),
            L("conv2d", out=planes, kernel=3, pad=1), L("batchnorm"), L("relu"),
            L("conv2d", out=out, kernel=1), L("batchnorm")]
    short = [] if (stride == 1 and cin == out) else [L("conv2d", out=out, kernel=1, stride=stride),
                                                     L("batchnorm")]
    return res_block(name, main, short, post=[L("relu")], repeat=repeat)


def resnet(depths, name, top1):
    blocks = [block("stem", [L("conv2d", out=64, kernel=7, stride=2, pad=3), L("batchnorm"), L("relu"),
                             L("maxpool", kernel=3, stride=2, pad=1)])]
    cin = 64
    for i, (planes, n) in enumerate(zip([64, 128, 256, 512], depths)):
        stride = 1 if i == 0 else 2
        blocks.append(bottleneck(f"layer{i + 1}.0", cin, planes, stride))
        cin = planes * 4
        if n > 1:
            blocks.append(bottleneck(f"layer{i + 1}.1", cin, planes, 1, repeat=n - 1))
    blocks.append(block("head", [L("avgpool", **{"global": True}), L("linear", out=1000)]))
    write_trace(OUT, name, [1, 3, 224, 224], blocks,
                source="He et al., Deep Residual Learning, CVPR 2016, Table 1 (original v1 bottleneck); "
                       f"ShiftAddNAS Table (seeds): {top1}",
                notes="ResNet v1: the stride-2 of a downsampling bottleneck sits on its first 1x1 conv "
                      "(Caffe release), not on the 3x3 (torchvision v1.5: 4.09/7.80 GMACs). The seed table's "
                      "3.9G/7.6G MACs match v1. Conv layers have no bias; BN has affine params.")


# ---------------------------------------------------------------- ViT / DeiT (timm)
def vit(name, dim, depth, heads, img, distilled, source, notes):
    extra = 2 if distilled else 1
    blocks = [block("patch_embed", [L("conv2d", out=dim, kernel=16, stride=16, bias=True),
                                    L("to_tokens", extra_tokens=extra), L("pos_embed", learned=True)])]
    enc = [res_block("attn", [L("layernorm"), L("self_attention", heads=heads)], []),
           res_block("mlp", [L("layernorm"), L("linear", out=4 * dim), L("gelu"), L("linear", out=dim)], [])]
    blocks.append({"group": "blocks", "repeat": depth, "blocks": enc})
    blocks.append(block("norm", [L("layernorm")]))
    if distilled:
        blocks.append({"name": "heads", "branches": [
            {"name": "head", "layers": [L("take_tokens", count=1), L("linear", out=1000)]},
            {"name": "head_dist", "layers": [L("take_tokens", count=1), L("linear", out=1000)]}],
            "merge": "add"})
    else:
        blocks.append(block("head", [L("take_tokens", count=1), L("linear", out=1000)]))
    write_trace(OUT, name, [1, 3, img, img], blocks, source=source, notes=notes)


def vits():
    timm = "timm vision_transformer.py; "
    vit("vit_b16_384", 768, 12, 12, 384, False,
        timm + "Dosovitskiy et al., ICLR 2021 (ViT-B/16, 77.9% at 384^2 in DeiT Table 1)",
        "The seed table lists ViT-B/16 at 384^2 with 18G MACs; at 384^2 (577 tokens) it is 55.5G "
        "(DeiT Table 1). 18G is the 224^2 figure, see vit_b16_224.yaml.")
    vit("vit_b16_224", 768, 12, 12, 224, False, timm + "Dosovitskiy et al., ICLR 2021 (ViT-B/16 at 224^2)",
        "Same network as vit_b16_384 at 224^2 (197 tokens): the resolution at which the seed table's "
        "18G MACs holds.")
    deit = timm + "Touvron et al., ICML 2021, DeiT distilled (alembic) models: the seed table's top-1 "
    vit("deit_t", 192, 12, 3, 224, True, deit + "74.5% is DeiT-Ti distilled",
        "Distillation token: 198 tokens and a second classifier head (outputs averaged).")
    vit("deit_s", 384, 12, 6, 224, True, deit + "81.2% is DeiT-S distilled",
        "Distillation token: 198 tokens and a second classifier head (outputs averaged).")


if __name__ == "__main__":
    resnet([3, 4, 6, 3], "resnet50", "ResNet-50 26M params, 3.9G MACs")
    resnet([3, 4, 23, 3], "resnet101", "ResNet-101 45M params, 7.6G MACs")
    vits()
    hytra.write_all(OUT)
    nlp.write_all(OUT)
