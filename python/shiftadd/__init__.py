"""shiftadd from Python: PE-array GEMMs, accelerator simulation, lookup tables, search and DSE.

    import shiftadd
    hw = shiftadd.Hardware("configs/hw/hybrid.yaml")        # paths are relative to the repository root
    r = hw.gemm(a, b, pe="shift")                            # bit-exact C, cycles, events, energy
    rep = hw.simulate("traces/resnet50.yaml")                # totals and one record per layer
    lut = shiftadd.Lut("configs/hw/hybrid.yaml", "configs/space/fmnist.yaml")
    lut.cost([["conv", "shift"], ["add"], ["attn"]])         # {"energy_uj", "latency_ms", "cycles"}
    shiftadd.cli(["dse", "--config", "configs/dse/quick.yaml", "--out", "runs/dse/quick"])
    front = shiftadd.read_front("runs/dse/quick")            # pareto.csv as a list of dicts
    table = shiftadd.layers_array(rep)                       # the per-layer records as a NumPy structured array
    shiftadd.import_onnx("model.onnx", "out/model.yaml")     # an ONNX model as a trace (shiftadd import)

Errors from bad input raise shiftadd.Error with the CLI's message. Tutorial: docs/python.md.
"""
import csv
import json
import os

from ._shiftadd import Error, Hardware, Lut, cli  # noqa: F401


def _number(text):
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            pass
    return text


def read_front(out_dir):
    """The front a search or a DSE wrote to out_dir (pareto.csv), one dict per member, numbers parsed."""
    path = os.path.join(out_dir, "pareto.csv")
    if not os.path.isfile(path):
        raise Error(f"{path}: no front here (run shiftadd.cli(['search' or 'dse', ..., '--out', '{out_dir}']) first)")
    with open(path, newline="") as f:
        return [{k: _number(v) for k, v in row.items()} for row in csv.DictReader(f)]


def read_summary(out_dir):
    """summary.json of a search or a DSE run."""
    with open(os.path.join(out_dir, "summary.json")) as f:
        return json.load(f)


_LAYER_TEXT = ("block", "branch", "layer", "type", "engine", "arrays")
_LAYER_NUMBERS = (("repeat", "i8"), ("cycles", "i8"), ("pe_ops", "i8"), ("dram_bytes", "i8"), ("energy_pj", "f8"))


def layers_array(report):
    """The per-layer records of Hardware.simulate()/simulate_subnet() as a NumPy structured array
    (one row per layer position; cycles, pe_ops, dram_bytes and energy_pj are per copy, x repeat)."""
    import numpy as np
    rows = report["layers"]
    text = [(name, f"U{max([1] + [len(r[name]) for r in rows])}") for name in _LAYER_TEXT]
    out = np.zeros(len(rows), dtype=text + list(_LAYER_NUMBERS))
    for name in out.dtype.names:
        out[name] = [r[name] for r in rows]
    return out


def import_onnx(model, out, input_shape=None, force=False):
    """shiftadd import --onnx: writes the trace of an ONNX model to `out` and returns its text."""
    args = ["import", "--onnx", str(model), "--out", str(out)]
    if input_shape is not None:
        args += ["--input-shape", ",".join(str(int(d)) for d in input_shape)]
    if force:
        args.append("--force")
    cli(args)
    with open(out) as f:
        return f.read()
