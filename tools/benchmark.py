#!/usr/bin/env python
"""Check the speed and accuracy targets against measurements, and say which machine they come from.

Training numbers are the ones `make course` measured (results/summary.json); the cached `load_mnist` is timed
here. Exits 1 if a target is missed or has no measurement."""
import json, sys, time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# model: (minimum MNIST test accuracy, maximum training seconds), from the issues
TARGETS = {'linear': (0.920, 10), 'mlp': (0.983, 60), 'resnet18': (0.996, 15*60)}  # resnet18's 99.6% is not reached yet: see 03_resnet
PREDICT_SECONDS = 20  # all 28,000 rows of Kaggle's test.csv with the ResNet18

def time_cached_load(runs:int=3) -> float:
    "Best of `runs` wall-clock seconds for a `load_mnist()` that hits the cache."
    from digitrec.data import load_mnist
    load_mnist()
    times = []
    for _ in range(runs):
        start = time.perf_counter(); load_mnist(); times.append(time.perf_counter() - start)
    return min(times)

def time_predict_28000() -> tuple:
    "Seconds to predict all rows of the Kaggle test.csv with a ResNet18, in-process and through `digitrec-predict`."
    import subprocess, tempfile
    from digitrec.data import get_kaggle_data, read_kaggle_csv
    from digitrec.kaggle import build_model, predict_digits, save_model
    test_csv = get_kaggle_data()/'test.csv'
    x, _ = read_kaggle_csv(test_csv, labelled=False)
    model = build_model('resnet18')  # speed does not depend on the weights
    predict_digits(model, x[:512], progress=False)  # warm up
    start = time.perf_counter(); predict_digits(model, x, progress=False); secs = time.perf_counter() - start
    with tempfile.TemporaryDirectory() as d:
        save_model(model, 'resnet18', f'{d}/m.pth')
        start = time.perf_counter()
        subprocess.run([Path(sys.executable).parent/'digitrec-predict', f'{d}/m.pth', test_csv, '-o', f'{d}/s.csv'], check=True, capture_output=True)
        cli_secs = time.perf_counter() - start
    return len(x), secs, cli_secs

def main():
    from digitrec.core import machine
    rows, ok = [], True
    secs = time_cached_load()
    rows.append(('load_mnist, cached', '≤ 1.0 s', f'{secs:.2f} s', machine(), secs <= 1.0))
    n, secs, cli_secs = time_predict_28000()
    rows.append((f'resnet18 predicts {n:,} rows', f'≤ {PREDICT_SECONDS} s', f'{secs:.1f} s (whole digitrec-predict command: {cli_secs:.1f} s)', machine(), secs <= PREDICT_SECONDS))
    models = {m['name']: m for m in json.loads((ROOT/'results'/'summary.json').read_text())['models']}
    for name, (min_acc, max_secs) in TARGETS.items():
        m = models.get(name)
        if m is None: rows.append((name, f'≥ {min_acc:.1%} in ≤ {max_secs} s', 'not measured: run make course', '', False)); continue
        met = m['test_accuracy'] >= min_acc and m['train_seconds'] <= max_secs
        rows.append((name, f'≥ {min_acc:.1%} in ≤ {max_secs} s', f"{m['test_accuracy']:.2%} in {m['train_seconds']:.1f} s", m['machine'], met))
    print('| target | wanted | measured | machine | met |\n|---|---|---|---|---|')
    for what, wanted, got, where, met in rows:
        print(f'| {what} | {wanted} | {got} | {where} | {"yes" if met else "NO"} |')
        ok &= met
    sys.exit(0 if ok else 1)

if __name__ == '__main__': main()
