#!/usr/bin/env bash
# Subnet inference throughput of shiftadd against PyTorch's CPU build on the same subnet and weights
# (docs/performance.md): the conv-only fmnist subnet, float, eval mode, the 10,000 test images in
# batches of 64, 256 and 500 (eval's); PyTorch on 2 threads, shiftadd on all cores (TBB; 2 on the
# reference machine), with Eigen's kernels and with the fixed-order ones (models/ops/gemm_fixed.h). Also
# checks that all reach the same test accuracy (the same network).
# Needs Debian's python3-torch (scripts/install_deps.sh --export-tools).
# Usage: bench/run_torch_compare.sh [build dir]   (prints the rates and shiftadd / PyTorch per batch and best to best)
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:-build}
cmake --build "$BUILD" --target bench_ops shiftadd >/dev/null
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ARCH=configs/subnets/fmnist/conv_only.yaml
"$BUILD/apps/shiftadd" export --supernet runs/release/fmnist_supernet --arch "$ARCH" --out "$tmp/subnet" >/dev/null
acc() { "$BUILD/apps/shiftadd" eval --supernet runs/release/fmnist_supernet --arch "$ARCH" --kernels "$1" | sed -n 's/^test accuracy \([0-9.]*\).*/\1/p'; }
ours_acc="$(acc eigen) $(acc fixed)"
"$BUILD/bench/bench_ops" --benchmark_filter=SubnetInference --benchmark_format=json > "$tmp/ours.json"
for b in 64 256 500; do
  /usr/bin/python3 bench/torch_subnet.py "$tmp/subnet" configs/space/fmnist.yaml --threads 2 --batch "$b" >> "$tmp/torch.jsonl"
done
python3 - "$tmp/ours.json" "$tmp/torch.jsonl" $ours_acc <<'PY'
import json, re, sys
ours = {}
for b in json.load(open(sys.argv[1]))["benchmarks"]:
    m = re.search(r"batch:(\d+)/fixed:(\d)", b["name"])
    ours[(int(m.group(1)), int(m.group(2)))] = b["items_per_second"]
torch = {t["batch"]: t for t in map(json.loads, open(sys.argv[2]))}
t0 = next(iter(torch.values()))
print(f"test accuracy: shiftadd eigen {float(sys.argv[3]):.4f}, fixed {float(sys.argv[4]):.4f}, PyTorch {t0['accuracy']:.4f} (torch {t0['torch']})")
print("batch   eigen img/s   fixed img/s   PyTorch img/s   eigen/PyTorch   fixed/PyTorch")
for b in sorted(torch):
    t = torch[b]["images_per_s"]
    print(f"{b:5d}   {ours[(b, 0)]:11.0f}   {ours[(b, 1)]:11.0f}   {t:13.0f}   {ours[(b, 0)] / t:13.2f}   {ours[(b, 1)] / t:13.2f}")
best_t = max(t["images_per_s"] for t in torch.values())
for k, name in ((0, "eigen"), (1, "fixed")):
    best = max(v for (b, f), v in ours.items() if f == k)
    print(f"best to best, {name}: shiftadd {best:.0f}, PyTorch {best_t:.0f}, ratio {best / best_t:.2f}")
PY
