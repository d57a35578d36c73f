#!/usr/bin/env bash
# Subnet inference throughput of shiftadd against PyTorch's CPU build on the same subnet and weights
# (docs/performance.md): the conv-only fmnist subnet, float, eval mode, the 10,000 test images in
# batches of 64, 256 and 500 (eval's); PyTorch on 2 threads, shiftadd on all cores (TBB; 2 on the
# reference machine). Also checks that both reach the same test accuracy (the same network).
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
ours_acc=$("$BUILD/apps/shiftadd" eval --supernet runs/release/fmnist_supernet --arch "$ARCH" | sed -n 's/^test accuracy \([0-9.]*\).*/\1/p')
"$BUILD/bench/bench_ops" --benchmark_filter=SubnetInference --benchmark_format=json > "$tmp/ours.json"
for b in 64 256 500; do
  /usr/bin/python3 bench/torch_subnet.py "$tmp/subnet" configs/space/fmnist.yaml --threads 2 --batch "$b" >> "$tmp/torch.jsonl"
done
python3 - "$tmp/ours.json" "$tmp/torch.jsonl" "$ours_acc" <<'PY'
import json, sys
ours = {int(b["name"].split("batch:")[1].split("/")[0]): b["items_per_second"] for b in json.load(open(sys.argv[1]))["benchmarks"]}
torch = {t["batch"]: t for t in map(json.loads, open(sys.argv[2]))}
print(f"test accuracy: shiftadd {float(sys.argv[3]):.4f}, PyTorch {next(iter(torch.values()))['accuracy']:.4f} (torch {next(iter(torch.values()))['torch']})")
print("batch   shiftadd img/s   PyTorch img/s   shiftadd/PyTorch")
for b in sorted(ours):
    print(f"{b:5d}   {ours[b]:14.0f}   {torch[b]['images_per_s']:13.0f}   {ours[b] / torch[b]['images_per_s']:16.2f}")
best_o, best_t = max(ours.values()), max(t["images_per_s"] for t in torch.values())
print(f"best to best: shiftadd {best_o:.0f}, PyTorch {best_t:.0f}, ratio {best_o / best_t:.2f}")
PY
