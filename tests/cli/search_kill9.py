#!/usr/bin/env python3
"""cli.search_kill9: `shiftadd search` (inherited-weight accuracy, LUT cost) killed with SIGKILL between
checkpoints, then `--resume`, must end with the files of an uninterrupted run, byte for byte.
Usage: search_kill9.py <shiftadd> <work dir>"""
import filecmp, json, os, shutil, signal, subprocess, sys, time

exe, work = sys.argv[1], sys.argv[2]
shutil.rmtree(work, ignore_errors=True)
os.makedirs(work)
cfg = "tests/cli/search_tiny/search_kill9.yaml"
full, cut = os.path.join(work, "full"), os.path.join(work, "cut")
subprocess.run([exe, "search", "--config", cfg, "--out", full], check=True, stdout=subprocess.DEVNULL)
p = subprocess.Popen([exe, "search", "--config", cfg, "--out", cut], stdout=subprocess.DEVNULL)
ck = os.path.join(cut, "checkpoint.json")
deadline = time.time() + 120
while time.time() < deadline and p.poll() is None:
    try:
        if json.load(open(ck))["next_generation"] >= 2:
            break
    except (OSError, ValueError):
        pass
    time.sleep(0.02)
if p.poll() is not None:
    sys.exit("the run ended before it could be killed; lower the checkpoint interval of " + cfg)
os.kill(p.pid, signal.SIGKILL)
p.wait()
killed_at = json.load(open(ck))["next_generation"]
if os.path.exists(os.path.join(cut, "summary.json")):
    sys.exit("killed run already wrote its summary")
subprocess.run([exe, "search", "--config", cfg, "--out", cut, "--resume"], check=True,
               stdout=subprocess.DEVNULL)
for f in ["pareto.csv", "summary.json", "journal.jsonl", "checkpoint.json", "best/0/arch.yaml"]:
    if not filecmp.cmp(os.path.join(full, f), os.path.join(cut, f), shallow=False):
        sys.exit(f"{f} differs after kill -9 at generation {killed_at} and --resume")
print(f"ok: killed after generation {killed_at}, resumed, identical to the uninterrupted run")
