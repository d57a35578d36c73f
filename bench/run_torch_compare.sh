#!/usr/bin/env bash
# Subnet inference throughput of shiftadd against PyTorch's CPU build on the same subnet and weights
# (docs/performance.md): the conv-only fmnist subnet, float, eval mode, 10,000 test images in batches of
# 500; PyTorch on 2 threads, shiftadd on all cores (TBB; 2 on the reference machine). Also checks that both reach the same test accuracy (same network).
# Needs Debian's python3-torch (scripts/install_deps.sh --export-tools).
# Usage: bench/run_torch_compare.sh [build dir]   (prints the rates and shiftadd / PyTorch)
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:-build}
cmake --build "$BUILD" --target bench_ops shiftadd >/dev/null
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ARCH=configs/subnets/fmnist/conv_only.yaml
"$BUILD/apps/shiftadd" export --supernet runs/release/fmnist_supernet --arch "$ARCH" --out "$tmp/subnet" >/dev/null
ours_acc=$("$BUILD/apps/shiftadd" eval --supernet runs/release/fmnist_supernet --arch "$ARCH" | sed -n 's/^test accuracy \([0-9.]*\).*/\1/p')
"$BUILD/bench/bench_ops" --benchmark_filter=SubnetInference --benchmark_format=json > "$tmp/ours.json"
/usr/bin/python3 bench/torch_subnet.py "$tmp/subnet" configs/space/fmnist.yaml --threads 2 > "$tmp/torch.json"
python3 - "$tmp/ours.json" "$tmp/torch.json" "$ours_acc" <<'PY'
import json, sys
ours = json.load(open(sys.argv[1]))["benchmarks"][0]["items_per_second"]
torch = json.load(open(sys.argv[2]))
print(f"shiftadd  {ours:8.0f} images/s   test accuracy {float(sys.argv[3]):.4f}")
print(f"PyTorch   {torch['images_per_s']:8.0f} images/s   test accuracy {torch['accuracy']:.4f}   (torch {torch['torch']})")
print(f"shiftadd / PyTorch = {ours / torch['images_per_s']:.2f}")
PY
