#!/usr/bin/env python
"""`make bench`: the popular MNIST recipes and the course's, side by side, one process each, on this machine.

Prepares MNIST in the formats the peers read (torchvision's IDX files, PNG folders) under build/bench/, runs every
recipe in `tools/bench/`, one after the other, and writes a table and `results/bench.json`: MNIST test accuracy,
training seconds (evaluation excluded), seconds to first reach 99.0% test accuracy (checked after each epoch) and
the ratios of that time to the peers'. For the course's ResNet18 it adds the training GFLOP/s achieved against a
large matmul in the precision it trains in (bf16 where it trains under bf16 autocast), measured in the same run,
with fp32's for reference; for the ensemble, its times to 99.0%, 99.5% and 99.7% and its training time against the
ResNet18 recipe's. `--quick` trains each recipe for one epoch on 1,000 images:
`make test` runs it so the benchmark can't rot; its numbers mean nothing."""
import argparse, json, subprocess, sys, time
from pathlib import Path
import numpy as np

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT/'tools'/'bench'
TUTORIAL, BLOG = 'pytorch-tutorial-cnn', 'fastai-blog-resnet18'
COURSE = ('linear', 'mlp', 'cnn-1', 'cnn', 'resnet18', 'ensemble')
TARGETS = (0.99, 0.995, 0.997)  # the ensemble's times to these accuracies
TARGET = 0.99

def write_idx(raw:Path, x_train, y_train, x_test, y_test):
    "MNIST as torchvision's `datasets.MNIST` reads it: big-endian IDX files in `MNIST/raw`."
    raw.mkdir(parents=True, exist_ok=True)
    for name, arr in (('train-images-idx3-ubyte', x_train), ('train-labels-idx1-ubyte', y_train),
                      ('t10k-images-idx3-ubyte', x_test), ('t10k-labels-idx1-ubyte', y_test)):
        magic = 2051 if arr.ndim == 3 else 2049
        (raw/name).write_bytes(np.array([magic, *arr.shape], dtype='>i4').tobytes() + arr.astype(np.uint8).tobytes())

def write_pngs(dest:Path, x, y):
    "Images as `dest/<digit>/<i>.png`, as in fastai's `mnist_png`."
    from PIL import Image
    from fastprogress.fastprogress import progress_bar
    for d in range(10): (dest/str(d)).mkdir(parents=True, exist_ok=True)
    for i in progress_bar(range(len(x)), leave=False): Image.fromarray(x[i]).save(dest/str(y[i])/f'{i}.png')

def prepare(quick:bool) -> Path:
    "Write the peers' data under build/bench/ (once per mode) and return that folder."
    from digitrec.data import load_mnist
    out = ROOT/'build'/('bench-quick' if quick else 'bench')
    if (out/'.done').exists(): return out
    x_train, y_train, x_test, y_test = load_mnist(verbose=False)
    if quick: x_train, y_train, x_test, y_test = x_train[:1000], y_train[:1000], x_test[:500], y_test[:500]
    print(f"writing MNIST as IDX files and {len(x_train) + len(x_test):,} PNGs under {out.relative_to(ROOT)}/")
    write_idx(out/'idx'/'MNIST'/'raw', x_train, y_train, x_test, y_test)
    write_pngs(out/'png'/'training', x_train, y_train)
    write_pngs(out/'png-test', x_test, y_test)
    (out/'.done').touch()
    return out

def commands(data:Path, quick:bool) -> dict:
    "The command line of every recipe, peers first."
    py = [sys.executable]
    q_tut = ['--epochs', '1', '--n_train', '1000', '--n_test', '500'] if quick else []
    cmds = {TUTORIAL: py + [BENCH/'pytorch_tutorial_cnn.py', '--root', data/'idx', *q_tut],
            BLOG: py + [BENCH/'fastai_blog_resnet18.py', '--path', data/'png', '--test', data/'png-test']}
    for r in COURSE:
        q = ['--n_train', '1000', '--epochs', '1'] if quick else []
        cmds[r] = py + [BENCH/'course.py', '--recipe', r, *(q if r != 'cnn-1' else q[:2])]
    return cmds

def run_recipe(name:str, cmd:list) -> dict:
    "Run one recipe in its own process and return its JSON result, with the wall-clock seconds of the process."
    print(f"  {name} ...", end='', flush=True)
    from digitrec.core import Timer
    with Timer() as t: res = subprocess.run([str(c) for c in cmd], capture_output=True, text=True)
    if res.returncode: sys.exit(f"\n{name} failed:\n{res.stderr[-3000:]}")
    out = json.loads(res.stdout.strip().splitlines()[-1])
    out['process_seconds'] = round(t.secs, 1)
    print(f" {out['epochs'][-1][1]:.2%} in {out['epochs'][-1][0]:.1f} s of training")
    return out

def time_to(epochs:list, target:float=TARGET) -> float|None:
    "Training seconds at the end of the first epoch whose test accuracy reached `target` (99%), else None."
    from digitrec.speed import time_to_accuracy
    return (time_to_accuracy(epochs, target) or (None, None))[1]

def summarise(results:dict) -> list:
    "One row per recipe: accuracy, training seconds, time to 99% and its ratio to each peer's."
    peer_t99 = {p: time_to(results[p]['epochs']) for p in (TUTORIAL, BLOG)}
    rows = []
    for name, r in results.items():
        t99, (secs, acc) = time_to(r['epochs']), r['epochs'][-1]
        rows.append(dict(recipe=name, peer=name in (TUTORIAL, BLOG), test_accuracy=round(acc, 4), train_seconds=secs,
                         epochs=len(r['epochs']) if name != 'linear' else None, seconds_to_99=t99,
                         **{f'to_99_vs_{p}': round(t99/peer_t99[p], 3) if t99 and peer_t99[p] else None
                            for p in peer_t99},
                         train_vs_fastai_blog=round(secs/results[BLOG]['epochs'][-1][0], 2),
                         **({'tta_accuracy': round(r['tta_accuracy'], 4)} if 'tta_accuracy' in r else {})))
        if name == 'ensemble':
            rows[-1].update(members=r['members'], seconds_to={f'{t:.1%}': time_to(r['epochs'], t) for t in TARGETS},
                            **({'train_vs_resnet18': round(secs/results['resnet18']['epochs'][-1][0], 2)}
                               if 'resnet18' in results else {}))
    return rows

def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--quick', action='store_true',
                   help="one epoch on 1,000 images per recipe: checks the benchmark runs")
    p.add_argument('--out', type=Path,
                   help="JSON to write (default: results/bench.json, or build/bench-quick.json with --quick)")
    p.add_argument('--only', nargs='*', default=None, help="run only these recipes (peers always run)")
    args = p.parse_args()
    from digitrec.core import atomic_write, machine
    from digitrec.speed import bench_table, matmul_gflops
    data = prepare(args.quick)
    cmds = commands(data, args.quick)
    names = [n for n in cmds if args.only is None or n in (TUTORIAL, BLOG, *args.only)]
    print(f"Running {len(names)} recipes one after the other on {machine()}")
    results = {n: run_recipe(n, cmds[n]) for n in names}
    bench = dict(machine=machine(), date=time.strftime('%Y-%m-%d'), quick=args.quick, rows=summarise(results))
    if 'resnet18' in results:
        import torch
        r = results['resnet18']
        fp32 = matmul_gflops()
        mm = matmul_gflops(dtype=torch.bfloat16) if r['precision'] == 'bf16' else fp32
        achieved = r['train_gflops']/r['epochs'][-1][0]
        bench['resnet18_efficiency'] = dict(precision=r['precision'], achieved_gflops=round(achieved, 1),
                                            matmul_gflops=round(mm, 1), fp32_matmul_gflops=round(fp32, 1),
                                            fraction=round(achieved/mm, 3))
    out = args.out or (ROOT/'build'/'bench-quick.json' if args.quick else ROOT/'results'/'bench.json')
    out.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(out, json.dumps(bench, indent=2) + '\n')
    print(f"\n{bench_table(out)}\n\nwrote {out}")

if __name__ == '__main__': main()
