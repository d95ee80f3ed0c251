"""PyTorch side of the equivalence tests: trains the teaching exercise's networks on the frames
the Java model learned from, from the same initial weights, and writes the weights it ends with.

usage: torch_reference.py CASES_DIR   (one sub-directory per case, each with case.json)

case.json: {"net": "DeepNet" | "DeepNetReLU", "inputs": N, "hidden": H, "outputs": K, "steps": T,
            "rule": ..., "lr": [first layer, output layer], ...}; rules:
  sgd            optim.SGD(lr, momentum, weight_decay), the seed's loop
  sgd_l1         optim.SGD with L1_penalty * sum|W| (weights of both layers) added to the loss
  adamw          optim.AdamW(lr, betas, eps, weight_decay) (plain Adam when weight_decay is 0)
  rmsprop_own    our RMSProp, written out with tensors: eps under the square root
  rmsprop_factored_own  our factored RMSProp, written out with tensors: one mean square per row and
                 one per column of each weight matrix, a full one per bias
  sgd_proximal   optim.SGD, then every weight soft-thresholded by lr * l1 (our proximal L1)
Every case may give "dropout": masks (steps x H, values 0 or 1 / (1 - p)) applied to the hidden
units in the training forward pass, as nn.Dropout would with those draws.
Inputs: x.f32 (steps x N), y.f32 (steps x K), w0_in.f32 (H x N), b0_in.f32 (H), w0_out.f32 (K x H),
b0_out.f32 (K), optional masks.f32; output: w_in.f32, b_in.f32, w_out.f32, b_out.f32 (same layouts).
"""
import json
import os
import sys

import numpy as np
import torch
from torch import nn, optim


class DeepNet(nn.Module):
    """The exercise's linear network: one hidden layer without a non-linearity."""

    def __init__(self, n_inputs, n_hidden, n_outputs=1):
        super().__init__()
        self.in_layer = nn.Linear(n_inputs, n_hidden)
        self.out_layer = nn.Linear(n_hidden, n_outputs)

    def hidden(self, r):
        return self.in_layer(r)

    def forward(self, r, mask=None):
        h = self.hidden(r)
        return self.out_layer(h if mask is None else h * mask)


class DeepNetReLU(DeepNet):
    """The exercise's ReLU network."""

    def hidden(self, r):
        return torch.relu(self.in_layer(r))


def load(case_dir, name, *shape):
    return torch.from_numpy(np.fromfile(os.path.join(case_dir, name), dtype="<f4").reshape(shape).copy())


def save(case_dir, name, tensor):
    tensor.detach().numpy().astype("<f4").tofile(os.path.join(case_dir, name))


def factored_step(layer, inputs, lr, state, rho, eps):
    """One factored RMSProp step: for one sample the weight gradient is the outer product of the
    bias gradient g and the layer's input x; its mean square is estimated as r_i c_j / mean(r)."""
    rows, cols, bias_square = state
    g = layer.bias.grad.double()
    xin = inputs.double()
    rows.copy_((rho * rows.double() + (1 - rho) * g * g * (xin * xin).mean()).float())
    cols.copy_((rho * cols.double() + (1 - rho) * xin * xin * (g * g).mean()).float())
    g_scaled = g * torch.sqrt(rows.double().mean()) / torch.sqrt(rows.double() + eps)
    x_scaled = xin / torch.sqrt(cols.double() + eps)
    layer.weight.sub_((lr * torch.outer(g_scaled, x_scaled)).float())
    bias_square.mul_(rho).add_((1 - rho) * layer.bias.grad * layer.bias.grad)
    layer.bias.sub_(lr * layer.bias.grad / torch.sqrt(bias_square + eps))


def run(case_dir):
    with open(os.path.join(case_dir, "case.json")) as f:
        c = json.load(f)
    n, h, k, steps = c["inputs"], c["hidden"], c["outputs"], c["steps"]
    net = (DeepNetReLU if c["net"] == "DeepNetReLU" else DeepNet)(n, h, k)
    with torch.no_grad():
        net.in_layer.weight.copy_(load(case_dir, "w0_in.f32", h, n))
        net.in_layer.bias.copy_(load(case_dir, "b0_in.f32", h))
        net.out_layer.weight.copy_(load(case_dir, "w0_out.f32", k, h))
        net.out_layer.bias.copy_(load(case_dir, "b0_out.f32", k))
    x = load(case_dir, "x.f32", steps, n)
    y = load(case_dir, "y.f32", steps, k)
    masks = load(case_dir, "masks.f32", steps, h) if c.get("dropout") else None
    lr_in, lr_out = c["lr"]
    groups = [{"params": list(net.in_layer.parameters()), "lr": lr_in},
              {"params": list(net.out_layer.parameters()), "lr": lr_out}]
    rule = c["rule"]
    wd = c.get("weight_decay", 0.0)
    if rule in ("sgd", "sgd_l1", "sgd_proximal"):
        optimizer = optim.SGD(groups, lr=lr_in, momentum=c.get("momentum", 0.0), weight_decay=wd)
    elif rule == "adamw":
        optimizer = optim.AdamW(groups, lr=lr_in, betas=(c["beta1"], c["beta2"]), eps=c["eps"], weight_decay=wd)
    elif rule == "rmsprop_own":
        optimizer = None
        squares = [torch.zeros_like(p) for p in net.parameters()]
    elif rule == "rmsprop_factored_own":
        optimizer = None
        factors = [(torch.zeros(layer.weight.shape[0]), torch.zeros(layer.weight.shape[1]), torch.zeros(layer.weight.shape[0]))
                   for layer in (net.in_layer, net.out_layer)]
    else:
        raise ValueError("unknown rule " + rule)
    loss_fn = nn.MSELoss()
    weights = [net.in_layer.weight, net.out_layer.weight]
    for t in range(steps):
        out = net(x[t:t + 1], None if masks is None else masks[t:t + 1])
        loss = loss_fn(out, y[t:t + 1])
        if rule == "sgd_l1":
            loss = loss + c["l1"] * sum(torch.sum(torch.abs(w)) for w in weights)
        net.zero_grad()
        loss.backward()
        if optimizer is not None:
            optimizer.step()
        elif rule == "rmsprop_factored_own":
            with torch.no_grad():
                hidden = net.hidden(x[t:t + 1])[0]
                kept = hidden if masks is None else hidden * masks[t]
                for layer, inputs, lr, state in zip((net.in_layer, net.out_layer), (x[t], kept), (lr_in, lr_out), factors):
                    factored_step(layer, inputs, lr, state, c["rho"], c["eps"])
        else:
            with torch.no_grad():
                for p, s, lr in zip(net.parameters(), squares, [lr_in, lr_in, lr_out, lr_out]):
                    s.mul_(c["rho"]).add_((1 - c["rho"]) * p.grad * p.grad)
                    p.sub_(lr * p.grad / torch.sqrt(s + c["eps"]))
        if rule == "sgd_proximal":
            with torch.no_grad():
                for w, lr in zip(weights, [lr_in, lr_out]):
                    w.copy_(torch.sign(w) * torch.clamp(torch.abs(w) - lr * c["l1"], min=0))
    save(case_dir, "w_in.f32", net.in_layer.weight)
    save(case_dir, "b_in.f32", net.in_layer.bias)
    save(case_dir, "w_out.f32", net.out_layer.weight)
    save(case_dir, "b_out.f32", net.out_layer.bias)


def main(argv):
    torch.set_num_threads(1)
    cases = sorted(d for d in os.listdir(argv[1]) if os.path.isdir(os.path.join(argv[1], d)))
    for d in cases:
        run(os.path.join(argv[1], d))
    print(json.dumps({"cases": len(cases), "torch": torch.__version__}))


if __name__ == "__main__":
    main(sys.argv)
