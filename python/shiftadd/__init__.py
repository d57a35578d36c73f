"""shiftadd from Python: PE-array GEMMs, accelerator simulation, lookup tables, search and DSE.

    import shiftadd
    hw = shiftadd.Hardware("configs/hw/hybrid.yaml")        # paths are relative to the repository root
    r = hw.gemm(a, b, pe="shift")                            # bit-exact C, cycles, events, energy
    rep = hw.simulate("traces/resnet50.yaml")                # totals and one record per layer
    lut = shiftadd.Lut("configs/hw/hybrid.yaml", "configs/space/fmnist.yaml")
    lut.cost([["conv", "shift"], ["add"], ["attn"]])         # {"energy_uj", "latency_ms", "cycles"}
    shiftadd.cli(["dse", "--config", "configs/dse/quick.yaml", "--out", "runs/dse/quick"])
    front = shiftadd.read_front("runs/dse/quick")            # pareto.csv as a list of dicts

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
