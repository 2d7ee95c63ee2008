"""Training shared by the learned tagging decisions (`bench/train_party_model.py`, `bench/train_cooperation_model.py`):
standardised L2 logistic regression by Newton's method, and the model file's text (read by
`scraper/tagging/logistic.py`)."""

from __future__ import annotations

import json

import numpy as np

DIGITS = 6
"""Decimals kept in the data file."""
ITERATIONS = 50


def fit(x: np.ndarray, y: np.ndarray, l2: float) -> dict[str, object]:
    """Standardised L2 logistic regression by Newton's method; weights rounded to `DIGITS` decimals."""
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale < 1e-9] = 1.0
    mean, scale = np.round(mean, DIGITS), np.round(scale, DIGITS)
    z = (x - mean) / scale
    design = np.hstack([np.ones((len(z), 1)), z])
    penalty = np.full(design.shape[1], l2)
    penalty[0] = 0.0
    w = np.zeros(design.shape[1])
    for _ in range(ITERATIONS):
        p = 1.0 / (1.0 + np.exp(-np.clip(design @ w, -60, 60)))
        gradient = design.T @ (p - y) + penalty * w
        hessian = (design * (p * (1 - p))[:, None]).T @ design + np.diag(penalty) + 1e-9 * np.eye(len(w))
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if np.max(np.abs(step)) < 1e-12:
            break
    w = np.round(w, DIGITS)
    return {"mean": mean.tolist(), "scale": scale.tolist(), "bias": float(w[0]), "weights": w[1:].tolist()}


def probabilities(model: dict, rows: list[list[float]]) -> list[float]:
    """P(yes) of each row under a `fit` result (numpy, as the training judges)."""
    if not rows:
        return []
    z = (np.asarray(rows) - np.asarray(model["mean"])) / np.asarray(model["scale"])
    logits = model["bias"] + z @ np.asarray(model["weights"])
    return (1.0 / (1.0 + np.exp(-np.clip(logits, -60, 60)))).tolist()


def render(model: dict[str, object]) -> str:
    """The data file's text: the settings, then one line per feature with its name, weight, mean and scale."""
    head = {k: v for k, v in model.items() if k not in ("mean", "scale", "weights", "features")}
    lines = [f"  {json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}," for k, v in head.items()]
    rows = [json.dumps({"name": n, "weight": w, "mean": m, "scale": s})
            for n, w, m, s in zip(model["features"], model["weights"], model["mean"], model["scale"], strict=True)]
    body = ",\n".join(f"    {row}" for row in rows)
    return "{\n" + "\n".join(lines) + f'\n  "features": [\n{body}\n  ]\n}}\n'
