#!/usr/bin/env python
"""The course's recipes, trained exactly as their chapters train them, for `make bench`.

`--recipe` is linear, mlp, cnn-1 (the convolutions chapter's one-epoch run), cnn, resnet18 or ensemble. Each trains
on the chapters' 54,000-image split; after every epoch, with the clock stopped, the course's `predict_digits` scores
the 10,000 MNIST test images (for the ensemble: all members so far, `EnsembleCurve`, with the clock running across
members). For resnet18 and the ensemble it also scores the test images with the chapters' test-time augmentation
(`learn.tta`, after training); for resnet18 it counts the training FLOPs (`torch.utils.flop_counter`).
Prints one JSON line: {"epochs": [[train_seconds, test_accuracy], ...], ...}."""
import argparse, contextlib, json, os, warnings
import torch
from torch import nn
from fastai.metrics import accuracy
from fastai.torch_core import set_seed
from digitrec.core import Timer
from digitrec.data import load_mnist, split_train_valid
from digitrec.speed import ChannelsLastBF16, EpochTimes, train_flops

def test_scorer(x, y, wrap=lambda m: m):
    "`score(model)` for `EpochTimes`: accuracy of `wrap(model)` on the test images with `predict_digits`."
    from digitrec.models import predict_digits
    return lambda model: float((predict_digits(wrap(model), x, progress=False) == y).mean())

def run(recipe:str, n_train:int|None, epochs:int|None) -> dict:
    x_train, y_train, x_test, y_test = load_mnist(verbose=False)
    xt, yt, xv, yv = split_train_valid(x_train, y_train)
    xt, yt = xt[:n_train], yt[:n_train]
    set_seed(42, reproducible=True)
    if recipe == 'linear':
        from digitrec.linear import flat_dls, linear_module, train_linear
        from digitrec.models import predict_digits
        dls = flat_dls(xt, yt, xv, yv)
        with Timer() as t: _, params, _ = train_linear(dls.train, dls.valid, *([epochs] if epochs else []))
        # the hand-written loop validates each epoch inside the clock
        acc = float((predict_digits(linear_module(*params), x_test, progress=False) == y_test).mean())
        return dict(epochs=[[round(t.secs, 2), acc]])
    flat = lambda m: nn.Sequential(nn.Flatten(), m)  # the MLP's learner takes flattened images
    test = EpochTimes(test_scorer(x_test, y_test, flat if recipe == 'mlp' else (lambda m: m)))
    if recipe == 'mlp':
        from digitrec.linear import flat_dls
        from digitrec.mlp import train_mlp
        learn = train_mlp(flat_dls(xt, yt, xv, yv), *([epochs] if epochs else []), cbs=test)
    elif recipe == 'cnn-1':
        from digitrec.conv import image_dls, train_cnn
        learn = train_cnn(image_dls(xt, yt, xv, yv), 1, aug=False, cbs=test)
    elif recipe == 'cnn':
        from digitrec.conv import image_dls, train_cnn
        learn = train_cnn(image_dls(xt, yt, xv, yv), *([epochs] if epochs else []), cbs=test)
    elif recipe == 'resnet18':
        from digitrec.resnet import digit_dls, digit_items, train_resnet
        dls = digit_dls(xt, yt, xv, yv)
        learn = train_resnet(dls, *([epochs] if epochs else []), cbs=test)
        # the chapter's test-time augmentation: the plain prediction and 4 augmented ones, averaged
        tta = accuracy(*learn.tta(dl=dls.test_dl(digit_items(x_test, y_test), with_labels=True), n=4)).item()
        steps = len(learn.dls.train)*len(test.log)
        flops = train_flops(learn.model.float().train(), dls.train.bs)*steps
        bf16 = any(isinstance(cb, ChannelsLastBF16) and cb.bf16 for cb in learn.cbs)
        return dict(epochs=test.log, train_gflops=round(flops/1e9, 1), tta_accuracy=tta,
                    precision='bf16' if bf16 else 'fp32')
    elif recipe == 'ensemble':
        from digitrec.ensemble import EnsembleCurve, ensemble_tta, train_ensemble
        from digitrec.resnet import digit_dls, digit_items
        dls, curve = digit_dls(xt, yt, xv, yv), EnsembleCurve(x_test, y_test)
        learners = train_ensemble(dls, cbs=curve, **({'epochs': epochs} if epochs else {}))
        test_dl = dls.test_dl(digit_items(x_test, y_test), with_labels=True)
        tta = ensemble_tta(learners, test_dl)
        return dict(epochs=curve.curve, tta_accuracy=accuracy(tta, torch.as_tensor(y_test)).item(),
                    members=len(learners))
    else: raise SystemExit(f"unknown recipe {recipe!r}")
    return dict(epochs=test.log)

def main():
    p = argparse.ArgumentParser()
    p.add_argument('--recipe', required=True)
    p.add_argument('--n_train', type=int, default=None, help="train on the first N images (quick mode)")
    p.add_argument('--epochs', type=int, default=None, help="override the chapter's epochs (quick mode)")
    args = p.parse_args()
    warnings.simplefilter('ignore')
    with open(os.devnull, 'w') as null, contextlib.redirect_stdout(null):
        res = run(args.recipe, args.n_train, args.epochs)
    print(json.dumps(res))

if __name__ == '__main__': main()
