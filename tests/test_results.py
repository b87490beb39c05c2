"results/summary.json and bench.json: the course's measured numbers, in the documented format, and what readers see of them."
import json, os
from conftest import ROOT
from digitrec.core import record_result, results_table

def test_summary_format():
    summary = json.loads((ROOT/'results'/'summary.json').read_text())
    names = [m['name'] for m in summary['models']]
    assert {'linear', 'mlp', 'cnn', 'resnet18'} <= set(names) and len(names) == len(set(names))
    for m in summary['models']:
        assert 0 < m['test_accuracy'] <= 1 and m['train_seconds'] > 0 and m['epochs'] >= 1
        assert m['device'] in ('cpu', 'cuda', 'mps') and m['machine']

def test_record_result_replaces_and_leaves_no_temp(tmp_path, monkeypatch):
    monkeypatch.setenv('DIGITREC_RESULTS', str(tmp_path/'s.json'))
    record_result('a', 0.5, 1, 1, 'cpu'); record_result('b', 0.6, 2, 2, 'cpu'); record_result('a', 0.7, 3, 3, 'cpu')
    models = json.loads((tmp_path/'s.json').read_text())['models']
    assert [(m['name'], m['test_accuracy']) for m in models] == [('b', 0.6), ('a', 0.7)]
    assert os.listdir(tmp_path) == ['s.json']
    assert '| a | 70.00% |' in results_table(tmp_path/'s.json')

def test_chapters_carry_their_full_mode_outputs():
    "Every chapter is committed with outputs from `make course`: final progress tables, not bar snapshots; under 2 MB."
    for nb in sorted((ROOT/'nbs').glob('[0-9]*.ipynb')):
        cells = json.loads(nb.read_text())['cells']
        outputs = [o for c in cells if c['cell_type'] == 'code' for o in c.get('outputs', [])]
        assert outputs, f"{nb.name} has no outputs: run make course"
        text = ''.join(''.join(o.get('text', '')) for o in outputs)
        assert '\r' not in text and '█' not in text, f"{nb.name} holds progress-bar snapshots"
        assert nb.stat().st_size < 2_000_000, f"{nb.name} is {nb.stat().st_size/1e6:.1f} MB"

def test_readme_shows_the_measured_numbers():
    readme = (ROOT/'README.md').read_text()
    for m in json.loads((ROOT/'results'/'summary.json').read_text())['models']:
        assert f"| {m['name']} | {m['test_accuracy']:.2%} | {m['train_seconds']:.1f} s |" in readme, m['name']
    bench = json.loads((ROOT/'results'/'bench.json').read_text())
    assert bench['machine'] in readme and not bench['quick']
    for r in bench['rows']:
        tta = f" (TTA {r['tta_accuracy']:.2%})" if 'tta_accuracy' in r else ''
        assert f"| {r['test_accuracy']:.2%}{tta} | {r['train_seconds']:.1f} s |" in readme, r['recipe']
