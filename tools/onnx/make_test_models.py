#!/usr/bin/env python3
"""Writes the small ONNX models of the importer's tests (tests/import/models/, a few KB each):
- exported from PyTorch (python3-torch, python3-torchvision): a tiny ResNet (torchvision's own
  Bottleneck blocks), a tiny ViT (torchvision's VisionTransformer) at opsets 17 and 13 (LayerNorm
  decomposed), and a small net with depthwise/grouped convs, SiLU, a concat of branches and pools;
  with PyTorch's own params and MACs (forward hooks, as export_torchvision.py) in expected.json;
- written node by node with onnx.helper (python3-onnx): models the importer must refuse, and one
  with a symbolic batch dim.
Usage: /usr/bin/python3 tools/onnx/make_test_models.py [OUT_DIR]
"""
import json
import sys
from pathlib import Path

import onnx
import torch
import torchvision
from onnx import TensorProto, helper, numpy_helper
import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
from export_torchvision import hook_macs  # noqa: E402


class MixNet(torch.nn.Module):
    """Depthwise and grouped convs, SiLU, sigmoid, average pooling, and two branches concatenated."""

    def __init__(self):
        super().__init__()
        self.stem = torch.nn.Conv2d(3, 8, 3, stride=2, padding=1, bias=False)
        self.bn = torch.nn.BatchNorm2d(8)
        self.dw = torch.nn.Conv2d(8, 8, 3, padding=1, groups=8)
        self.grp = torch.nn.Conv2d(8, 16, 1, groups=4)
        self.a = torch.nn.Conv2d(16, 8, 1)
        self.b = torch.nn.Conv2d(16, 8, 3, padding=1)
        self.pool = torch.nn.AvgPool2d(2)
        self.fc = torch.nn.Linear(16, 10)

    def forward(self, x):
        x = torch.nn.functional.silu(self.bn(self.stem(x)))
        x = torch.sigmoid(self.grp(self.dw(x)))
        x = torch.cat([self.a(x), self.b(x)], dim=1)
        x = torch.nn.functional.adaptive_avg_pool2d(self.pool(x), 1).flatten(1)
        return self.fc(x)


def tiny_resnet():
    from torchvision.models.resnet import Bottleneck
    down = torch.nn.Sequential(torch.nn.Conv2d(8, 16, 1, stride=2, bias=False), torch.nn.BatchNorm2d(16))
    return torch.nn.Sequential(
        torch.nn.Conv2d(3, 8, 3, padding=1, bias=False), torch.nn.BatchNorm2d(8), torch.nn.ReLU(),
        torch.nn.MaxPool2d(3, 2, 1), Bottleneck(8, 4, stride=2, downsample=down), Bottleneck(16, 4),
        Bottleneck(16, 4), torch.nn.AdaptiveAvgPool2d(1), torch.nn.Flatten(), torch.nn.Linear(16, 10))


def tiny_vit():
    return torchvision.models.VisionTransformer(image_size=32, patch_size=16, num_layers=2, num_heads=2,
                                                hidden_dim=16, mlp_dim=32, num_classes=10)


def export_torch(out):
    torch.manual_seed(0)
    expected = {}
    for name, model, size, opset in [("tiny_resnet", tiny_resnet(), 16, 17), ("tiny_vit", tiny_vit(), 32, 17),
                                     ("tiny_vit_opset13", tiny_vit(), 32, 13), ("mixnet", MixNet(), 16, 17)]:
        model.eval()
        x = torch.zeros(1, 3, size, size)
        torch.onnx.export(model, x, str(out / f"{name}.onnx"), opset_version=opset, do_constant_folding=True,
                          training=torch.onnx.TrainingMode.PRESERVE, input_names=["input"], output_names=["out"])
        expected[name] = {"params": sum(p.numel() for p in model.parameters()), "macs": hook_macs(model, x),
                          "input": list(x.shape)}
    (out / "expected.json").write_text(json.dumps(expected, indent=2, sort_keys=True) + "\n")


def weight(name, *dims):
    return numpy_helper.from_array(np.full(dims, 0.01, dtype=np.float32), name)


def save(out, name, nodes, inits, in_dims, out_dims):
    g = helper.make_graph(nodes, name, [helper.make_tensor_value_info("x", TensorProto.FLOAT, in_dims)],
                          [helper.make_tensor_value_info("y", TensorProto.FLOAT, out_dims)], inits)
    m = helper.make_model(g, opset_imports=[helper.make_opsetid("", 13)], producer_name="make_test_models.py")
    onnx.checker.check_model(m)
    onnx.save(m, str(out / f"{name}.onnx"))


def write_handmade(out):
    conv = lambda i, o, **kw: helper.make_node("Conv", [i, "w", "b"], [o], name="conv", **kw)  # noqa: E731
    cw = [weight("w", 4, 3, 3, 3), weight("b", 4)]
    save(out, "symbolic_batch", [conv("x", "h", pads=[1, 1, 1, 1]), helper.make_node("Relu", ["h"], ["y"], name="relu")],
         cw, ["N", 3, 8, 8], ["N", 4, 8, 8])
    save(out, "bad_asym_pad", [conv("x", "y", pads=[0, 0, 1, 1])], cw, [1, 3, 8, 8], [1, 4, 7, 7])
    save(out, "bad_unsupported_op", [conv("x", "h", pads=[1, 1, 1, 1]),
                                     helper.make_node("LpNormalization", ["h"], ["y"], name="lpnorm")],
         cw, [1, 3, 8, 8], [1, 4, 8, 8])
    save(out, "bad_flatten_map", [conv("x", "h", pads=[1, 1, 1, 1]), helper.make_node("Flatten", ["h"], ["y"], name="flat")],
         cw, [1, 3, 8, 8], [1, 256])
    save(out, "bad_act_matmul", [helper.make_node("Transpose", ["x"], ["t"], name="t", perm=[0, 2, 1]),
                                 helper.make_node("MatMul", ["x", "t"], ["y"], name="gram")],
         [], [1, 4, 8], [1, 4, 4])
    (out / "bad_not_onnx.onnx").write_text("this is not a protobuf\n")


def main():
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "tests/import/models")
    out.mkdir(parents=True, exist_ok=True)
    export_torch(out)
    write_handmade(out)


if __name__ == "__main__":
    main()
