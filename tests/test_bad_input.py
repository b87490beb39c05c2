"""Public functions refuse a bad argument with one clear line instead of doing something else silently."""
import numpy as np, pytest
from digitrec.core import DataError
from digitrec.kaggle import write_submission
from digitrec.models import train_model

def test_train_model_refuses_an_unknown_model_even_with_epochs(digits):
    x, y = digits
    with pytest.raises(ValueError, match="unknown model 'vgg': choose one of linear"):
        train_model('vgg', x, y, epochs=5)

@pytest.mark.parametrize('epochs', [0, -1, 2.5])
def test_train_model_refuses_epochs_that_are_not_a_positive_whole_number(digits, epochs):
    x, y = digits
    with pytest.raises(ValueError, match='epochs must be a whole number ≥ 1'): train_model('linear', x, y, epochs)

def test_write_submission_expects_kaggles_28000_rows(tmp_path):
    with pytest.raises(DataError, match='6 rows, expected 28,000'):
        write_submission(np.arange(6) % 10, tmp_path/'s.csv')
    assert not (tmp_path/'s.csv').exists()
    write_submission(np.arange(6) % 10, tmp_path/'s.csv', n_rows=6)
    assert (tmp_path/'s.csv').read_text().splitlines()[1:3] == ['1,0', '2,1']

@pytest.mark.parametrize('weights', [[1, 2], 'weights'])
def test_load_model_refuses_weights_that_are_not_a_dict(tmp_path, weights):
    import torch
    from digitrec.models import MODEL_FORMAT, load_model
    torch.save(dict(format=MODEL_FORMAT, arch='linear', state_dict=weights), tmp_path/'m.pth')
    with pytest.raises(DataError, match="weights don't fit a linear model"): load_model(tmp_path/'m.pth')
