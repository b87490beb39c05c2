"""Scoring helpers score a module in evaluation mode (dropout off) and give it back in training mode."""
import torch
from torch import nn
from digitrec.linear import tensor_dl, validate_epoch

def test_validate_epoch_scores_with_dropout_off():
    torch.manual_seed(0)
    model = nn.Sequential(nn.Dropout(0.9), nn.Linear(8, 3))
    x, y = torch.randn(500, 8), torch.randint(0, 3, (500,))
    dl = tensor_dl(x, y, bs=64)
    accs = [validate_epoch(model, dl) for _ in range(3)]
    assert accs[0] == accs[1] == accs[2] and model.training
    assert validate_epoch(lambda xb: model[1](xb), dl) == accs[0]  # a plain function: the same scores
