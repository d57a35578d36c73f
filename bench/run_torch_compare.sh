#!/usr/bin/env bash
# Subnet inference throughput of shiftadd against PyTorch's CPU build on the same subnet and weights
# (docs/performance.md): the conv-only fmnist subnet, float, eval mode, the 10,000 test images in
# batches of 64, 256 and 500 (eval's); PyTorch on 2 threads, shiftadd on all cores (TBB; 2 on the
# reference machine), with Eigen's kernels and with the fixed-order ones (models/ops/gemm_fixed.h). Also
# checks that all reach the same test accuracy (the same network). Both sides run ROUNDS times (default 3),
# interleaved, so that a slow spell of a shared machine hits both; each rate is the best of its rounds, and
# the best-to-best ratio of every round is printed too.
# Needs Debian's python3-torch (scripts/install_deps.sh --export-tools).
# Usage: [ROUNDS=n] bench/run_torch_compare.sh [build dir]
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
ROUNDS=${ROUNDS:-3}
for r in $(seq "$ROUNDS"); do
  "$BUILD/bench/bench_ops" --benchmark_filter=SubnetInference --benchmark_format=json > "$tmp/ours$r.json"
  for b in 64 256 500; do
    /usr/bin/python3 bench/torch_subnet.py "$tmp/subnet" configs/space/fmnist.yaml --threads 2 --batch "$b" |
      sed "s/^{/{\"round\": $r, /" >> "$tmp/torch.jsonl"
  done
  echo "round $r of $ROUNDS done" >&2
done
python3 - "$tmp" "$ROUNDS" $ours_acc <<'PY'
import json, re, sys
rounds = int(sys.argv[2])
ours, per_round = {}, {}
for r in range(1, rounds + 1):
    for b in json.load(open(f"{sys.argv[1]}/ours{r}.json"))["benchmarks"]:
        m = re.search(r"batch:(\d+)/fixed:(\d)", b["name"])
        key = (int(m.group(1)), int(m.group(2)))
        ours[key] = max(ours.get(key, 0), b["items_per_second"])
        per_round.setdefault(r, {})[key] = b["items_per_second"]
runs = list(map(json.loads, open(f"{sys.argv[1]}/torch.jsonl")))
torch = {}
for t in runs:
    if t["batch"] not in torch or t["images_per_s"] > torch[t["batch"]]["images_per_s"]:
        torch[t["batch"]] = t
t0 = runs[0]
print(f"test accuracy: shiftadd eigen {float(sys.argv[3]):.4f}, fixed {float(sys.argv[4]):.4f}, PyTorch {t0['accuracy']:.4f} (torch {t0['torch']})")
print("batch   eigen img/s   fixed img/s   PyTorch img/s   eigen/PyTorch   fixed/PyTorch")
for b in sorted(torch):
    t = torch[b]["images_per_s"]
    print(f"{b:5d}   {ours[(b, 0)]:11.0f}   {ours[(b, 1)]:11.0f}   {t:13.0f}   {ours[(b, 0)] / t:13.2f}   {ours[(b, 1)] / t:13.2f}")
best_t = max(t["images_per_s"] for t in torch.values())
for k, name in ((0, "eigen"), (1, "fixed")):
    best = max(v for (b, f), v in ours.items() if f == k)
    print(f"best to best, {name}: shiftadd {best:.0f}, PyTorch {best_t:.0f}, ratio {best / best_t:.2f}")
for r in range(1, rounds + 1):
    o = max(v for (b, f), v in per_round[r].items() if f == 1)
    t = max(x["images_per_s"] for x in runs if x["round"] == r)
    print(f"round {r}: fixed best {o:.0f}, PyTorch best {t:.0f}, ratio {o / t:.2f}")
PY
