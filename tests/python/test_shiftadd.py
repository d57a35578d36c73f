"""import shiftadd, checked against the CLI (ctest python.module; run from the repository root with
PYTHONPATH=<build>/python and SHIFTADD_EXE=<build>/apps/shiftadd)."""
import json
import os
import re
import subprocess
import time

import numpy as np
import pytest

import shiftadd

EXE = os.environ["SHIFTADD_EXE"]


def run_cli(*args):
    return subprocess.run([EXE, *args], check=True, capture_output=True, text=True).stdout


@pytest.mark.parametrize("pe", ["mult", "shift", "add"])
def test_gemm_is_bit_exact_and_costs_what_the_cli_reports(tmp_path, pe):
    rng = np.random.default_rng(3)
    a = rng.integers(-128, 128, size=(20, 37), dtype=np.int64)
    b = (rng.integers(0, 64, size=(37, 23)) if pe == "shift" else rng.integers(-128, 128, size=(37, 23))).astype(np.int64)
    np.save(tmp_path / "a.npy", a)
    np.save(tmp_path / "b.npy", b)
    run_cli("sim", "--hw", "configs/hw/hybrid.yaml", "--pe", pe, "--gemm", "20,37,23", "--a", str(tmp_path / "a.npy"),
            "--b", str(tmp_path / "b.npy"), "--out", str(tmp_path / "c.npy"), "--json", str(tmp_path / "s.json"))
    r = shiftadd.Hardware("configs/hw/hybrid.yaml").gemm(a, b, pe=pe)
    assert np.array_equal(r["c"], np.load(tmp_path / "c.npy"))
    if pe == "mult":
        assert np.array_equal(r["c"], a @ b)  # 8-bit x 8-bit over K = 37 fits 32 bits: plain integer matmul
    stats = json.load(open(tmp_path / "s.json"))
    assert r["cycles"] == stats["cycles"]["total_cycles"]
    assert r["energy"]["total_pj"] == pytest.approx(stats["energy"]["total_energy_pj"], rel=1e-12)


def test_network_report_matches_sim_net(tmp_path):
    out = run_cli("sim", "--hw", "configs/hw/hybrid.yaml", "--net", "traces/shiftaddnas_t0.yaml", "--out", str(tmp_path))
    rep = shiftadd.Hardware("configs/hw/hybrid.yaml").simulate("traces/shiftaddnas_t0.yaml")
    assert rep["cycles"] == int(re.search(r": (\d+) cycles", out).group(1))
    summary = json.load(open(tmp_path / "summary.json"))
    assert rep["energy_uj"] == pytest.approx(summary["energy_pj"] * 1e-6, rel=1e-9)
    assert len(rep["layers"]) > 50 and sum(l["pe_ops"] * l["repeat"] for l in rep["layers"]) > 0


def test_lut_matches_the_cost_command_and_is_fast(tmp_path):
    lut = shiftadd.Lut("configs/hw/hybrid.yaml", "configs/space/fmnist.yaml")
    by_stages = lut.cost([["conv", "shift"], ["conv", "add", "shift"], ["attn", "conv", "attn"]])  # hybrid_a
    by_file = lut.cost("configs/subnets/fmnist/hybrid_a.yaml")
    assert by_stages == by_file
    run_cli("lut", "--hw", "configs/hw/hybrid.yaml", "--space", "configs/space/fmnist.yaml", "--out", str(tmp_path / "l.json"))
    out = run_cli("cost", "--lut", str(tmp_path / "l.json"), "--space", "configs/space/fmnist.yaml",
                  "--arch", "configs/subnets/fmnist/hybrid_a.yaml")
    assert str(by_file["cycles"]) in out
    n, t0 = 20000, time.perf_counter()
    for _ in range(n):
        lut.cost([["conv", "shift"], ["add"], ["attn"]])
    rate = n / (time.perf_counter() - t0)
    print(f"\nLut.cost from Python: {rate:,.0f} calls/s")
    assert rate > 1000  # a training step is milliseconds; this is far from the bottleneck


def test_errors_carry_the_cli_message(tmp_path):
    with pytest.raises(shiftadd.Error) as e:
        shiftadd.Hardware("configs/hw/missing.yaml")
    cli = subprocess.run([EXE, "sim", "--hw", "configs/hw/missing.yaml", "--net", "traces/resnet50.yaml", "--out",
                          str(tmp_path / "x")], capture_output=True, text=True)
    assert cli.returncode == 2 and cli.stderr.strip() == f"error: {e.value}"
    with pytest.raises(shiftadd.Error, match="unknown block type 'conv3'"):
        shiftadd.Lut("configs/hw/hybrid.yaml", "configs/space/fmnist.yaml").cost([["conv3"], ["add"], ["attn"]])
    with pytest.raises(shiftadd.Error, match="--out"):
        shiftadd.cli(["dse", "--config", "configs/dse/quick.yaml"])


def test_dse_runs_in_process_and_its_front_reads_back(tmp_path):
    out = str(tmp_path / "dse")
    shiftadd.cli(["dse", "--config", "tests/cli/dse_tiny.yaml", "--out", out, "--threads", "1"])
    front = shiftadd.read_front(out)
    summary = shiftadd.read_summary(out)
    assert len(front) == summary["front_size"] >= 1
    assert all(row["energy_uj"] > 0 and row["hw"].startswith("best/") for row in front)


def test_layer_report_as_a_structured_array():
    rep = shiftadd.Hardware("configs/hw/hybrid.yaml").simulate("traces/resnet50.yaml")
    t = shiftadd.layers_array(rep)
    assert t.dtype.names[:3] == ("block", "branch", "layer") and len(t) == len(rep["layers"])
    assert int((t["cycles"] * t["repeat"]).sum()) >= rep["cycles"] // 2  # rows are per copy; blocks may overlap
    assert (t["energy_pj"] * t["repeat"]).sum() == pytest.approx(sum(l["energy_pj"] * l["repeat"] for l in rep["layers"]))
    assert set(t["engine"]) <= {"mult", "shift", "add", "vector"}


def test_onnx_import_gives_the_golden_trace(tmp_path):
    text = shiftadd.import_onnx("tests/import/models/tiny_vit.onnx", tmp_path / "vit.yaml")
    assert text == open("tests/import/golden/tiny_vit.yaml").read()
    hw = shiftadd.Hardware("configs/hw/hybrid.yaml")
    assert hw.simulate(str(tmp_path / "vit.yaml"))["cycles"] == hw.simulate("tests/import/golden/tiny_vit.yaml")["cycles"]
    with pytest.raises(shiftadd.Error, match="the file exists; give --force"):
        shiftadd.import_onnx("tests/import/models/tiny_vit.onnx", tmp_path / "vit.yaml")
    with pytest.raises(shiftadd.Error, match=r"node 'lpnorm' \(LpNormalization\): unsupported operator"):
        shiftadd.import_onnx("tests/import/models/bad_unsupported_op.onnx", tmp_path / "bad.yaml")
    assert not (tmp_path / "bad.yaml").exists()
