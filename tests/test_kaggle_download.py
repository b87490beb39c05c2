"get_kaggle_data with and without credentials; a fake `kaggle` package stands in for the network."
import sys, types, zipfile
import pytest
import digitrec.kaggle as data

@pytest.fixture
def fake_kaggle(monkeypatch):
    "Install a fake `kaggle.api.kaggle_api_extended.KaggleApi`; returns the list of calls it received."
    calls = []
    class KaggleApi:
        fail = False
        def authenticate(self): calls.append('authenticate')
        def competition_download_files(self, competition, path, quiet=True):
            calls.append(competition)
            if self.fail: raise ConnectionError('Max retries exceeded\nwith a long story')
            with zipfile.ZipFile(f'{path}/{competition}.zip', 'w') as z:
                for name in data.KAGGLE_FILES: z.writestr(name, 'header\n')
    mod = types.ModuleType('kaggle.api.kaggle_api_extended'); mod.KaggleApi = KaggleApi
    for name, m in (('kaggle', types.ModuleType('kaggle')), ('kaggle.api', types.ModuleType('kaggle.api')),
                    ('kaggle.api.kaggle_api_extended', mod)):
        monkeypatch.setitem(sys.modules, name, m)
    monkeypatch.setenv('KAGGLE_USERNAME', 'someone'); monkeypatch.setenv('KAGGLE_KEY', 'not-a-real-key')
    monkeypatch.setattr(data, 'make_kaggle_standin', lambda dest: calls.append(f'standin:{dest.name}') or dest)
    return calls, KaggleApi

def test_downloads_and_unzips_with_credentials(tmp_path, fake_kaggle):
    calls, _ = fake_kaggle
    dest = data.get_kaggle_data(tmp_path/'digit-recognizer')
    assert calls == ['authenticate', 'digit-recognizer'] and all((dest/f).exists() for f in data.KAGGLE_FILES)
    assert data.get_kaggle_data(dest) == dest and len(calls) == 2  # present: no second download

def test_failed_download_falls_back_in_one_line(tmp_path, fake_kaggle, capsys):
    calls, api = fake_kaggle
    api.fail = True
    data.get_kaggle_data(tmp_path/'digit-recognizer')
    out = capsys.readouterr().out
    assert (calls[-1] == 'standin:digit-recognizer-standin' and len(out.strip().splitlines()) == 1
            and 'Max retries' in out)

def test_no_credentials_says_how_in_one_line(tmp_path, fake_kaggle, monkeypatch, capsys):
    calls, _ = fake_kaggle
    for v in ('KAGGLE_USERNAME', 'KAGGLE_KEY', 'KAGGLE_API_TOKEN'): monkeypatch.delenv(v, raising=False)
    monkeypatch.setenv('KAGGLE_CONFIG_DIR', str(tmp_path/'no-config'))
    assert not data.kaggle_credentials()
    data.get_kaggle_data(tmp_path/'digit-recognizer')
    out = capsys.readouterr().out
    assert calls == ['standin:digit-recognizer-standin'] and len(out.strip().splitlines()) == 1 and 'kaggle.json' in out
