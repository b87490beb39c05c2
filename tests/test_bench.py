"`make bench` in quick mode (one epoch on 1,000 images per recipe), so the benchmark can't rot."
import json, subprocess, sys
from conftest import ROOT

def test_quick_bench(tmp_path):
    out = tmp_path/'bench.json'
    res = subprocess.run([sys.executable, ROOT/'tools'/'benchmark.py', '--quick', '--out', out],
                         capture_output=True, text=True, timeout=600)
    assert res.returncode == 0, res.stdout[-2000:] + res.stderr[-3000:]
    bench = json.loads(out.read_text())
    assert bench['quick'] and bench['machine']
    names = [r['recipe'] for r in bench['rows']]
    assert names == ['pytorch-tutorial-cnn', 'fastai-blog-resnet18', 'linear', 'mlp', 'cnn-1', 'cnn', 'resnet18',
                     'ensemble'], names
    for r in bench['rows']:
        assert 0 <= r['test_accuracy'] <= 1 and r['train_seconds'] > 0, r
    resnet, ens = bench['rows'][-2:]
    assert 0 <= resnet['tta_accuracy'] <= 1 and 0 <= ens['tta_accuracy'] <= 1, (resnet, ens)
    from digitrec.ensemble import ENSEMBLE
    assert ens['members'] == len(ENSEMBLE) and list(ens['seconds_to']) == ['99.0%', '99.5%', '99.7%'], ens
    assert abs(ens['train_vs_resnet18'] - ens['train_seconds']/resnet['train_seconds']) < 0.01, ens
    e = bench['resnet18_efficiency']
    from digitrec.core import cpu_has_bf16
    assert e['precision'] == ('bf16' if cpu_has_bf16() else 'fp32'), e
    assert 0 < e['fraction'] < 1.5 and e['matmul_gflops'] > 0 and e['fp32_matmul_gflops'] > 0, e
    assert abs(e['fraction'] - e['achieved_gflops']/e['matmul_gflops']) < 0.01, e
    assert '| recipe | MNIST test accuracy |' in res.stdout
    assert f"ResNet18 trained in {e['precision']} at" in res.stdout and f"large {e['precision']} matmul" in res.stdout
    assert (f"The ensemble of {len(ENSEMBLE)} trained in {ens['train_seconds']:.0f} s, "
            f"{ens['train_vs_resnet18']:.2f}× the ResNet18") in res.stdout
