"""The teaching exercise's own decoder, as its tutorial trains it, for comparison.

A ReLU network (one hidden layer) regresses the stimulus angle in raw degrees with a mean-squared
error, trained by full-batch SGD with momentum. Reads little-endian float32 matrices written by
the accuracy benchmark and prints one JSON line with the held-out median absolute circular error.

usage: seed_recipe.py DIR N_TRAIN N_TEST N_NEURONS [HIDDEN] [ITERATIONS] [LEARNING_RATE] [MOMENTUM]
"""
import json
import os
import sys
import time

import numpy as np
import torch
from torch import nn, optim


class DeepNetReLU(nn.Module):
    def __init__(self, n_inputs, n_hidden):
        super().__init__()
        self.in_layer = nn.Linear(n_inputs, n_hidden)
        self.out_layer = nn.Linear(n_hidden, 1)

    def forward(self, r):
        return self.out_layer(torch.relu(self.in_layer(r)))


def load(directory, name, rows, cols):
    data = np.fromfile(os.path.join(directory, name), dtype="<f4")
    return data.reshape(rows, cols) if cols > 1 else data.reshape(rows, 1)


def main(argv):
    directory, n_train, n_test, n_neurons = argv[1], int(argv[2]), int(argv[3]), int(argv[4])
    hidden = int(argv[5]) if len(argv) > 5 else 200
    iterations = int(argv[6]) if len(argv) > 6 else 50
    learning_rate = float(argv[7]) if len(argv) > 7 else 1e-4
    momentum = float(argv[8]) if len(argv) > 8 else 0.9
    torch.manual_seed(0)
    torch.set_num_threads(max(1, os.cpu_count() or 1))

    x_train = load(directory, "x_train.f32", n_train, n_neurons)
    x_test = load(directory, "x_test.f32", n_test, n_neurons)
    # The tutorial's responses are z-scored per neuron; use the training statistics only.
    mean, std = x_train.mean(axis=0), x_train.std(axis=0) + 1e-6
    x_train = torch.from_numpy((x_train - mean) / std)
    x_test = torch.from_numpy((x_test - mean) / std)
    y_train = torch.from_numpy(load(directory, "y_train.f32", n_train, 1))
    y_test = load(directory, "y_test.f32", n_test, 1)[:, 0]

    net = DeepNetReLU(n_neurons, hidden)
    loss_fn = nn.MSELoss()
    optimizer = optim.SGD(net.parameters(), lr=learning_rate, momentum=momentum)
    start = time.perf_counter()
    for _ in range(iterations):
        loss = loss_fn(net(x_train), y_train)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    seconds = time.perf_counter() - start

    with torch.no_grad():
        predicted = net(x_test).numpy()[:, 0]
    diff = np.abs(np.mod(predicted - y_test, 360.0))
    error = np.minimum(diff, 360.0 - diff)
    print(json.dumps({"median_error_deg": float(np.median(error)), "final_train_loss": float(loss.item()),
                      "train_seconds": seconds, "iterations": iterations, "torch": torch.__version__}))


if __name__ == "__main__":
    main(sys.argv)
