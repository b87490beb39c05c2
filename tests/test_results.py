"results/summary.json and bench.json: the course's measured numbers, in the documented format, and what readers see."
import json, os, re
from conftest import ROOT
from digitrec.core import record_result, results_table

def test_summary_format():
    summary = json.loads((ROOT/'results'/'summary.json').read_text())
    names = [m['name'] for m in summary['models']]
    assert {'linear', 'mlp', 'cnn', 'resnet18', 'ensemble'} <= set(names) and len(names) == len(set(names))
    for m in summary['models']:
        assert 0 < m['test_accuracy'] <= 1 and m['train_seconds'] > 0 and m['epochs'] >= 1
        assert m['device'] in ('cpu', 'cuda', 'mps') and m['machine']

def test_record_result_replaces_and_leaves_no_temp(tmp_path, monkeypatch):
    monkeypatch.setenv('DIGITREC_RESULTS', str(tmp_path/'s.json'))
    record_result('a', 0.5, 1, 1, 'cpu'); record_result('b', 0.6, 2, 2, 'cpu'); record_result('a', 0.7, 3, 3, 'cpu')
    models = json.loads((tmp_path/'s.json').read_text())['models']
    assert [(m['name'], m['test_accuracy']) for m in models] == [('a', 0.7), ('b', 0.6)]  # replaced in its place
    assert os.listdir(tmp_path) == ['s.json']
    assert '| a | 70.00% |' in results_table(tmp_path/'s.json')
    record_result('e', 0.8, 4, 12, 'cpu', members=4)
    assert '| e | 80.00% | 4.0 s | 4 × 12 |' in results_table(tmp_path/'s.json')

def chapter_notebooks():
    "Chapters and appendices, in reading order."
    return sorted((ROOT/'nbs').glob('[0-9]*.ipynb')) + sorted((ROOT/'nbs').glob('A[0-9]*.ipynb'))

def output_problems(cells, teaching:bool) -> list:
    "What a reader would trip over in a notebook's saved outputs: one line per problem found."
    found = []
    for i, c in enumerate(cells):
        if c['cell_type'] != 'code': continue
        src = ''.join(c['source'])
        last = src.rstrip().splitlines()[-1] if src.strip() else ''
        if last.endswith(';') and re.search(r'\bprint\(|\bsh\(|\.fit\w*\(|\btrain_\w+\(', src):
            found.append(f"cell {i}: ends with ';', which drops what it prints")
        for o in c.get('outputs', []):
            kind, data = o['output_type'], o.get('data', {})
            text = ''.join(o.get('text', '')) + ('' if 'image/png' in data else ''.join(data.get('text/plain', '')))
            where = f"cell {i}"
            if kind == 'error' or 'Traceback' in text: found.append(f"{where}: a traceback")
            if re.search(r'\w+Warning\b|warnings\.warn', text): found.append(f"{where}: a warning")
            if '\r' in text or '█' in text: found.append(f"{where}: progress-bar snapshots")
            if any(int(a) < int(b) for a, b in re.findall(r'\[(\d+)/(\d+) ', text)):
                found.append(f"{where}: a half-drawn progress bar")
            reprs = r'<(?:Axes|matplotlib|Figure)|<[^<>\n]* at 0x[0-9a-f]+>|np\.(?:int|float)\d+\(|CompletedProcess\('
            if re.search(reprs, text): found.append(f"{where}: an object repr")
            if re.search(r'^epoch\s+train_loss.*\n(?!\d)', text + '\n', re.M):
                found.append(f"{where}: an empty epoch table")
            if re.search(r'/tmp/|\btmp[\w]{8}\b', text): found.append(f"{where}: a temporary path")
            if teaching and "'machine':" in text: found.append(f"{where}: a machine-metadata dump")
    return found

def test_chapters_carry_clean_full_mode_outputs():
    "Every chapter and appendix is committed with `make course`'s outputs, clean as fastbook's: see `output_problems`."
    for nb in chapter_notebooks():
        cells = json.loads(nb.read_text())['cells']
        assert any(c.get('outputs') for c in cells), f"{nb.name} has no outputs: run make course"
        problems = output_problems(cells, teaching=nb.name[0].isdigit())
        assert not problems, f"{nb.name}: " + '; '.join(problems)
        assert nb.stat().st_size < 1_000_000, f"{nb.name} is {nb.stat().st_size/1e6:.2f} MB, over 1 MB"

def test_output_check_catches_what_readers_trip_over():
    "Each kind of noise in a saved output fails `output_problems`; a clean output passes."
    def cell(text=None, data=None, source='x', kind='stream', name='stdout'):
        o = dict(output_type=kind, name=name, text=text) if kind == 'stream' else dict(output_type=kind, data=data)
        return dict(cell_type='code', source=source, outputs=[o])
    clean = [cell("epoch     train_loss  valid_loss  accuracy  time\n0         0.5  0.4  0.98  00:10\n"),
             cell(kind='display_data', data={'image/png': 'x', 'text/plain': '<Figure size 640x480 with 1 Axes>'})]
    assert output_problems(clean, True) == []
    noisy = [cell("Epoch 1/1 : |---| 23.28% [98/421 00:00<00:01]"),
             cell(kind='execute_result', data={'text/plain': "<Axes: title={}>"}),
             cell(kind='execute_result', data={'text/plain': "[(5, 3, np.int64(5))]"}),
             cell("x.py:3: UserWarning: renamed"),
             cell("epoch     train_loss  valid_loss  accuracy  time\nwith TTA: 99.6%"),
             cell("/tmp/tmprtrdbo2n/bad.csv: row 3"),
             cell(kind='execute_result', data={'text/plain': "{'name': 'cnn', 'machine': 'AMD EPYC'}"}),
             cell("99.5%", source="print(acc)\nax.plot(accs);"), cell("", source="learn.fit(1)\nplot(x);"),
             cell(kind='execute_result', data={'text/plain': "Optimizer used: <function Adam at 0x7f0559f72020>"}),
             cell("a\rb"), dict(cell_type='code', source='x', outputs=[
             dict(output_type='error', ename='E', evalue='', traceback=[])])]
    for c in noisy: assert output_problems([c], True), c

def test_readme_shows_the_measured_numbers():
    readme = (ROOT/'README.md').read_text()
    for m in json.loads((ROOT/'results'/'summary.json').read_text())['models']:
        assert f"| {m['name']} | {m['test_accuracy']:.2%} | {m['train_seconds']:.1f} s |" in readme, m['name']
    bench = json.loads((ROOT/'results'/'bench.json').read_text())
    assert bench['machine'] in readme and not bench['quick']
    for r in bench['rows']:
        tta = f" (TTA {r['tta_accuracy']:.2%})" if 'tta_accuracy' in r else ''
        assert f"| {r['test_accuracy']:.2%}{tta} | {r['train_seconds']:.1f} s |" in readme, r['recipe']
