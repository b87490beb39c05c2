"Lines people read are at most 120 characters: notebook code, tests, tools, setup.py and the Makefile."
import json
from conftest import ROOT

def long_lines(name, text):
    "`name:line: length` for each line of `text` over 120 characters."
    return [f"{name}:{n}: {len(l)} characters" for n, l in enumerate(text.splitlines(), 1) if len(l) > 120]

def test_lines_fit_in_120_characters():
    found = []
    for nb in sorted((ROOT/'nbs').glob('*.ipynb')):
        for i, cell in enumerate(json.loads(nb.read_text())['cells']):
            if cell['cell_type'] == 'code': found += long_lines(f"{nb.name}, cell {i}", ''.join(cell['source']))
    files = [*ROOT.glob('tests/*.py'), *ROOT.glob('tools/**/*.py'), *ROOT.glob('tools/*.sh'),
             ROOT/'setup.py', ROOT/'Makefile']
    for f in sorted(files): found += long_lines(f.relative_to(ROOT), f.read_text())
    assert not found, '\n'.join(found)
