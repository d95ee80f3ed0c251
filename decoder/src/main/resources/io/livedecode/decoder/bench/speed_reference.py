"""The seed's PyTorch network timed one sample at a time, driven line by line by the speed benchmark.

The benchmark interleaves its rounds with ours, so this process only computes when asked and
otherwise waits on stdin. Commands (one per line), each answered with one line:
  model ID NEURONS HIDDEN LR WEIGHT_DECAY [rmsprop RHO EPS]   -> "ok"   (HIDDEN 0: a linear readout)
  time ID predict|step FRAMES               -> milliseconds per frame
  quit
predict is a forward pass without autograd; step is the seed's training step on one sample:
forward, mean-squared error, backward, SGD (with weight decay) update, or RMSprop when asked
(the stock counterpart of our RMSProp variants).

usage: speed_reference.py THREADS
"""
import sys
import time

import torch
from torch import nn


def build(neurons, hidden, lr, weight_decay, rmsprop=None):
    torch.manual_seed(0)
    if hidden > 0:
        net = nn.Sequential(nn.Linear(neurons, hidden), nn.ReLU(), nn.Linear(hidden, 2))
    else:
        net = nn.Linear(neurons, 2)
    if rmsprop is None:
        optimiser = torch.optim.SGD(net.parameters(), lr=lr, weight_decay=weight_decay)
    else:
        rho, eps = rmsprop
        optimiser = torch.optim.RMSprop(net.parameters(), lr=lr, alpha=rho, eps=eps, weight_decay=weight_decay)
    generator = torch.Generator().manual_seed(1)
    inputs = [torch.randn(1, neurons, generator=generator) / neurons ** 0.5 for _ in range(16)]
    targets = [torch.randn(1, 2, generator=generator) for _ in range(16)]
    return net, optimiser, inputs, targets


def timed(model, op, frames):
    net, optimiser, inputs, targets = model
    loss_fn = nn.MSELoss()
    start = time.perf_counter_ns()
    if op == "predict":
        with torch.no_grad():
            for k in range(frames):
                net(inputs[k % 16])
    else:
        for k in range(frames):
            optimiser.zero_grad()
            loss = loss_fn(net(inputs[k % 16]), targets[k % 16])
            loss.backward()
            optimiser.step()
    return (time.perf_counter_ns() - start) / 1e6 / frames


def main(argv):
    threads = int(argv[1])
    torch.set_num_threads(threads)
    models = {}
    print("ready torch %s threads %d" % (torch.__version__, torch.get_num_threads()), flush=True)
    for line in sys.stdin:
        words = line.split()
        if not words:
            continue
        if words[0] == "quit":
            break
        if words[0] == "model":
            rmsprop = (float(words[7]), float(words[8])) if len(words) > 6 and words[6] == "rmsprop" else None
            models[words[1]] = build(int(words[2]), int(words[3]), float(words[4]), float(words[5]), rmsprop)
            print("ok", flush=True)
        elif words[0] == "time":
            print("%.6f" % timed(models[words[1]], words[2], int(words[3])), flush=True)
        else:
            print("error unknown command " + words[0], flush=True)


if __name__ == "__main__":
    main(sys.argv)
