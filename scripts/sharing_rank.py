#!/usr/bin/env python3
"""Issue 15, ranking fidelity. `sample`: draws N random subnets of a space (fixed seed) as arch YAMLs.
`tau`: Kendall tau-b between inherited and fine-tuned accuracy per mode, from rank.csv."""
import argparse, csv, random, statistics, sys

def load_stages(space_path):
    # The space file is flat YAML; read the stage lines without a YAML dependency.
    stages = []
    for line in open(space_path):
        s = line.strip()
        if s.startswith("- {resolution:"):
            depth = s.split("depth: [")[1].split("]")[0]
            blocks = s.split("blocks: [")[1].split("]")[0]
            stages.append(([int(d) for d in depth.split(",")], [b.strip() for b in blocks.split(",")]))
    if not stages:
        sys.exit(f"{space_path}: no stages found")
    return stages

def sample(args):
    rng = random.Random(args.seed)
    stages = load_stages(args.space)
    name = next(l.split(":", 1)[1].strip() for l in open(args.space) if l.startswith("name:"))
    seen = set()
    while len(seen) < args.n:
        arch = tuple(tuple(rng.choice(blocks) for _ in range(rng.choice(depths))) for depths, blocks in stages)
        if arch in seen:
            continue
        seen.add(arch)
        k = len(seen) - 1
        with open(f"{args.out}/r{k:02d}.yaml", "w") as f:
            f.write(f"space: {name}\nstages:\n")
            for st in arch:
                f.write(f"  - [{', '.join(st)}]\n")

def kendall_tau_b(x, y):
    n, conc, disc, tx, ty = len(x), 0, 0, 0, 0
    for i in range(n):
        for j in range(i + 1, n):
            dx, dy = x[i] - x[j], y[i] - y[j]
            if dx == 0 and dy == 0:
                continue
            if dx == 0:
                tx += 1
            elif dy == 0:
                ty += 1
            elif (dx > 0) == (dy > 0):
                conc += 1
            else:
                disc += 1
    denom = ((conc + disc + tx) * (conc + disc + ty)) ** 0.5
    return (conc - disc) / denom if denom else float("nan")

def bootstrap(by_subnet, modes, reps=2000, seed=15):
    """Paired bootstrap over the subnets (the same resampled subnets for every mode): tau-b per mode
    and tau-b(heterogeneous) - tau-b(mode), each as (2.5%, 97.5%) percentiles."""
    rng = random.Random(seed)
    names = sorted(set.intersection(*(set(by_subnet[m]) for m in modes)))
    draws = {m: [] for m in modes}
    for _ in range(reps):
        pick = [rng.choice(names) for _ in names]
        for m in modes:
            draws[m].append(kendall_tau_b([by_subnet[m][k][0] for k in pick], [by_subnet[m][k][1] for k in pick]))
    ci = lambda v: (sorted(v)[int(0.025 * len(v))], sorted(v)[int(0.975 * len(v)) - 1])  # noqa: E731
    out = {m: ci(draws[m]) for m in modes}
    if "heterogeneous" in modes:
        for m in modes:
            if m != "heterogeneous":
                out["heterogeneous - " + m] = ci([a - b for a, b in zip(draws["heterogeneous"], draws[m])])
    return out, len(names)

def tau(args):
    rows = list(csv.DictReader(open(args.csv)))
    by, by_subnet = {}, {}
    for r in rows:
        by.setdefault((r["mode"], r["seed"]), []).append((float(r["inherited"]), float(r["finetuned"])))
        by_subnet.setdefault(r["mode"], {})[r["subnet"]] = (float(r["inherited"]), float(r["finetuned"]))
    print("| mode | seed | subnets | Kendall tau-b | inherited mean | fine-tuned mean |")
    print("|---|---|---|---|---|---|")
    for (mode, seed), v in sorted(by.items()):
        t = kendall_tau_b([a for a, _ in v], [b for _, b in v])
        print(f"| {mode} | {seed} | {len(v)} | {t:.3f} | {statistics.mean(a for a, _ in v):.4f} | "
              f"{statistics.mean(b for _, b in v):.4f} |")
    modes = sorted(m for m in by_subnet if len(by_subnet[m]) >= 3)
    if len(modes) >= 2:
        cis, n = bootstrap(by_subnet, modes)
        print(f"\nPaired bootstrap over the {n} subnets every mode has (2,000 resamples, seed 15), 95% intervals:\n")
        print("| quantity | 95% interval |\n|---|---|")
        for k, (lo, hi) in cis.items():
            print(f"| tau-b {k} | [{lo:.3f}, {hi:.3f}] |")

p = argparse.ArgumentParser()
sub = p.add_subparsers(dest="cmd", required=True)
s = sub.add_parser("sample"); s.add_argument("--space", required=True); s.add_argument("--n", type=int, default=30)
s.add_argument("--seed", type=int, default=15); s.add_argument("--out", required=True)
t = sub.add_parser("tau"); t.add_argument("csv")
a = p.parse_args()
sample(a) if a.cmd == "sample" else tau(a)
