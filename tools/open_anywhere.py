#!/usr/bin/env python
"""Keep every notebook openable outside a checkout: its Colab and Kaggle links, its setup cell, its guarded export.

The links and the setup cell's install source are built from settings.ini (`git_url`, `branch`), so a fork that
edits settings.ini and runs this tool gets links and installs of its own. `--check` changes nothing and exits 1 if
a notebook is not up to date (tests/test_open_anywhere.py runs it)."""
import argparse, json, re, sys
from configparser import ConfigParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BADGES_START, BADGES_END = '<!-- open-anywhere -->', '<!-- /open-anywhere -->'
LINKS_HEADING = '## Run it on Colab or Kaggle'
EXPORT_CELL = ('#| hide\nimport nbdev\n'
               'if nbdev.config.is_nbdev(): nbdev.nbdev_export()  # in a checkout of the course only')
EXPORT_OLD = '#| hide\nimport nbdev; nbdev.nbdev_export()'

SETUP_CELL = '''#| hide
# Setup for Colab, Kaggle or any notebook server where digitrec is not installed; in a checkout it does nothing.
import importlib.util, os, subprocess, sys, urllib.request
if importlib.util.find_spec('digitrec') is None:
    src = os.environ.get('DIGITREC_INSTALL', 'digitrec[course] @ git+{git_url}@{branch}')
    print(f"installing {{src}} (a minute or two) ...")
    r = subprocess.run([sys.executable, '-m', 'pip', 'install', '-q', '--retries', '1', src], capture_output=True,
                       text=True)
    importlib.invalidate_caches()
    if r.returncode:
        class SetupError(Exception): _render_traceback_ = lambda self: [f"SetupError: {{self}}"]  # no traceback
        try: urllib.request.urlopen('https://pypi.org/simple/pip/', timeout=10).close(); online = True
        except OSError: online = False
        why = next((l for l in r.stderr.splitlines() if l.startswith('ERROR')), r.stderr.strip()[-200:])
        raise SetupError("pip could not install digitrec: " + (why if online else "no internet. On Kaggle, switch on "
                         "Internet in the notebook's settings (Session options), then run this cell again."))'''

def settings() -> dict:
    "settings.ini's DEFAULT section."
    cfg = ConfigParser(delimiters=['=']); cfg.read(ROOT/'settings.ini', encoding='utf-8')
    return dict(cfg['DEFAULT'])

def links(nb_name:str, cfg:dict) -> tuple:
    "The Colab and Kaggle URLs that open `nbs/nb_name` from the repository's `branch`."
    gh = re.sub(r'^https://github\.com/', '', cfg['git_url']).removesuffix('.git')
    path = f"{gh}/blob/{cfg['branch']}/{cfg.get('nbs_path', 'nbs')}/{nb_name}"
    return (f"https://colab.research.google.com/github/{path}",
            f"https://kaggle.com/kernels/welcome?src=https://github.com/{path}")

def badges(nb_name:str, cfg:dict) -> str:
    "The markdown line of Colab and Kaggle badges for a notebook."
    colab, kaggle = links(nb_name, cfg)
    return (f"{BADGES_START}[![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)]({colab}) "
            f"[![Open In Kaggle](https://kaggle.com/static/images/open-in-kaggle.svg)]({kaggle}){BADGES_END}")

def links_table(names:list, cfg:dict) -> str:
    "The index's markdown section that links every chapter on Colab and Kaggle."
    rows = [f"| `{n}` | [Colab]({colab}) | [Kaggle]({kaggle}) |" for n in names for colab, kaggle in [links(n, cfg)]]
    return '\n'.join([LINKS_HEADING, '',
        "Each chapter opens on Colab or Kaggle Notebooks with one click. Its first cell (hidden in the docs) installs "
        "`digitrec` from this repository with the version ranges of `settings.ini`, not the lock file, and keeps the "
        "torch that is already there: in a fresh environment holding only torch, torchvision and a notebook runner, "
        "the install adds fastai, Gradio, kaggle, nbdev and what they need; Colab and "
        "Kaggle already have many of them. A Kaggle notebook needs *Internet* switched on in its settings for the "
        "install; with the competition's data added (*Add Input* → *Digit Recognizer*), the Kaggle chapter reads "
        "Kaggle's files from `/kaggle/input/digit-recognizer` and writes `/kaggle/working/submission.csv`.", '',
        '| chapter | Colab | Kaggle |', '|---|---|---|', *rows])

def _lines(text:str) -> list:
    lines = text.split('\n')
    return [l + '\n' for l in lines[:-1]] + [lines[-1]]

def _code(text:str, cell_id:str) -> dict:
    return dict(cell_type='code', execution_count=None, id=cell_id, metadata={}, outputs=[], source=_lines(text))

def update(nb:dict, nb_name:str, cfg:dict, chapters:list) -> dict:
    "`nb` with its badges, setup cell and guarded export cell up to date."
    cells, setup = nb['cells'], SETUP_CELL.format(**cfg)
    title = ''.join(cells[0]['source'])
    title = re.sub(f'\n*{re.escape(BADGES_START)}.*?{re.escape(BADGES_END)}', '', title, flags=re.S)
    cells[0]['source'] = _lines(title.rstrip('\n') + '\n\n' + badges(nb_name, cfg))
    src = [''.join(c['source']) for c in cells]
    old = [i for i, s in enumerate(src) if s.startswith('#| hide\n# Setup for Colab')]
    for i in reversed(old): del cells[i]
    at = 2 if ''.join(cells[1]['source']).startswith('#| default_exp') else 1
    cells.insert(at, _code(setup, 'a0setup0'))
    for c in cells:
        if c['cell_type'] == 'code' and ''.join(c['source']).strip() == EXPORT_OLD: c['source'] = _lines(EXPORT_CELL)
    if nb_name == 'index.ipynb':
        table = next((c for c in cells if ''.join(c['source']).startswith(LINKS_HEADING)), None)
        if table is None: raise SystemExit(f"index.ipynb has no markdown cell starting with {LINKS_HEADING!r}")
        table['source'] = _lines(links_table(chapters, cfg))
    return nb

def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--check', action='store_true', help="change nothing; exit 1 if a notebook is not up to date")
    args = p.parse_args(argv)
    cfg, nbs = settings(), ROOT/settings()['nbs_path']
    paths = sorted(nbs.glob('*.ipynb'))
    chapters = [p.name for p in paths if p.name != 'index.ipynb']
    stale = []
    for path in paths:
        text = path.read_text(encoding='utf-8')
        new = json.dumps(update(json.loads(text), path.name, cfg, chapters), indent=1, ensure_ascii=False) + '\n'
        if new == text: continue
        stale.append(path.name)
        if not args.check: path.write_text(new, encoding='utf-8')
    if args.check and stale: sys.exit(f"not up to date (run tools/open_anywhere.py): {', '.join(stale)}")
    print(f"{'stale' if args.check else 'updated'}: {', '.join(stale) or 'none'}")

if __name__ == '__main__': main()
