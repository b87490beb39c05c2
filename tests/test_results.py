"results/summary.json: the course's measured numbers, in the documented format."
import json, os
import pytest
from conftest import ROOT
from digitrec.core import record_result, results_table

def test_summary_format():
    summary = json.loads((ROOT/'results'/'summary.json').read_text())
    names = [m['name'] for m in summary['models']]
    assert {'linear', 'mlp', 'resnet18'} <= set(names) and len(names) == len(set(names))
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
