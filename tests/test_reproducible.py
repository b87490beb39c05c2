"One seeding helper (fastai's `set_seed`): two runs of the same quick training agree within 0.5 percentage points."
import pytest
from fastai.torch_core import set_seed
from digitrec.data import load_mnist, split_train_valid
from digitrec.linear import flat_dls, flat_tensors, tensor_dl, train_linear
from digitrec.mlp import mlp_learner

@pytest.fixture(scope='module')
def quick_data():
    x_train, y_train, x_test, y_test = load_mnist(verbose=False)
    xt, yt, xv, yv = split_train_valid(x_train, y_train)
    return xt[:6000], yt[:6000], xv, yv

def linear_acc(data):
    set_seed(42, reproducible=True)
    dls = flat_dls(*data)
    return train_linear(dls.train, dls.valid, epochs=4)[2][-1]

def mlp_acc(data):
    set_seed(42, reproducible=True)
    learn = mlp_learner(flat_dls(*data))
    with learn.no_bar(), learn.no_logging(): learn.fit_one_cycle(2, 3e-3)
    return learn.validate(dl=tensor_dl(*flat_tensors(data[2], data[3])))[1]

@pytest.mark.parametrize('train', [linear_acc, mlp_acc])
def test_two_quick_runs_agree(quick_data, train):
    a, b = train(quick_data), train(quick_data)
    assert a > 0.8 and abs(a - b) <= 0.005, (a, b)
