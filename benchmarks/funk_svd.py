"""Benchmark: our FunkSVD against the Surprise library's SVD, and how an epoch scales.

Run with ``make bench`` (installs scikit-surprise into the virtual environment first) or
``python benchmarks/funk_svd.py`` from the repository root. Not part of ``make test``: the
figures depend on the machine.

1. Fit time. On data/ml-latest-small with a seeded 80/20 split, fit both models with the same
   hyper-parameters (Surprise's SVD defaults: rank 100, 20 epochs, lr 0.005, reg 0.02, biased,
   init std 0.1); report the best of several fits (same process, alternating, our kernel compiled
   beforehand), their ratio and SGD updates per second. Ours is timed with its default float32
   factors and with float64 ones.
2. Accuracy. Test RMSE over seeds 0-9 for both. Each SGD run visits the ratings in some order,
   and the order changes the result by more than the implementations do, so Surprise gets the
   training ratings in a seeded random order, as its own ``train_test_split`` would hand them
   over (ours draws a random order of users and of each user's ratings). For comparison, also
   Surprise on the split in file order (sorted by user, then movie id).
3. Scale. One epoch at rank 100 on synthetic data of 1M and 10M ratings with the shapes of
   MovieLens 1M and 10M, timed around the compiled kernel alone (best of five epochs), and
   extrapolated linearly to the Netflix data's 100,480,507 ratings.

Times are wall-clock and CPU (process) seconds; the CPU figure is the fairer one on a busy
machine, since both implementations run on one core.
"""

from __future__ import annotations

import argparse
import csv
import os
import platform
import tempfile
import time
from pathlib import Path

import numpy as np

from helpers import _sgd_kernels
from helpers.ratings import Ratings, load_movielens, train_test_split
from helpers.recommender import FunkSVD, rmse

ROOT = Path(__file__).resolve().parents[1]
NETFLIX_RATINGS, NETFLIX_USERS, NETFLIX_MOVIES = 100_480_507, 480_189, 17_770
DEFAULTS = {"rank": 100, "epochs": 20, "lr": 0.005, "reg": 0.02, "init_std": 0.1}
SEEDS = range(10)


def timed(fit) -> tuple[float, float, object]:
    """Wall and CPU seconds of one call of ``fit()``, and its result."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = fit()
    return time.perf_counter() - wall, time.process_time() - cpu, result


def surprise_trainset(train: Ratings, order: np.ndarray):
    """Surprise's training set holding ``train``'s ratings in the given order."""
    from surprise import Dataset, Reader

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "train.csv"
        with open(path, "w", newline="") as handle:
            rows = zip(
                train.raw_users[order], train.raw_items[order], train.values[order], strict=True
            )
            csv.writer(handle).writerows(rows)
        reader = Reader(line_format="user item rating", sep=",", rating_scale=train.scale)
        return Dataset.load_from_file(str(path), reader=reader).build_full_trainset()


def surprise_options() -> dict:
    return {
        "n_factors": DEFAULTS["rank"],
        "n_epochs": DEFAULTS["epochs"],
        "lr_all": DEFAULTS["lr"],
        "reg_all": DEFAULTS["reg"],
        "init_std_dev": DEFAULTS["init_std"],
        "biased": True,
    }


def compare(train: Ratings, test: Ratings, repeats: int) -> None:
    try:
        from surprise import SVD
    except ImportError as error:
        print(f"   Surprise is not installed ({error}); run `make bench` to install it")
        SVD = None
    FunkSVD(rank=4, epochs=1).fit(train.subset(np.arange(100)))  # compile / load both kernels
    FunkSVD(rank=4, epochs=1, dtype=np.float64).fit(train.subset(np.arange(100)))
    shuffled = np.random.default_rng(12345).permutation(len(train))
    contenders = {
        "ours, float32": lambda seed=0: FunkSVD(**DEFAULTS, seed=seed).fit(train, history=False),
        "ours, float64": lambda seed=0: FunkSVD(**DEFAULTS, seed=seed, dtype=np.float64).fit(
            train, history=False
        ),
    }
    if SVD is not None:
        orders = {"Surprise": shuffled, "Surprise, file order": np.arange(len(train))}
        for name, order in orders.items():
            trainset = surprise_trainset(train, order)
            contenders[name] = lambda seed=0, data=trainset: SVD(
                **surprise_options(), random_state=seed
            ).fit(data)
    times = {name: [] for name in contenders}
    for _ in range(repeats):  # alternate, so a slow moment of the machine hits everyone
        for name, fit in contenders.items():
            wall, cpu, _ = timed(fit)
            times[name].append((wall, cpu))
    updates = len(train) * DEFAULTS["epochs"]
    best = {name: (min(w for w, _ in t), min(c for _, c in t)) for name, t in times.items()}

    print(f"\n   fit time, best of {repeats} (wall / CPU) and SGD updates per CPU second:")
    for name, (wall, cpu) in best.items():
        print(f"   {name:<20}: {wall:.3f} s / {cpu:.3f} s; {updates / cpu / 1e6:.1f} M updates/s")
    if SVD is None:
        print("   (no comparison: Surprise was not run)")
        return
    # Surprise is faster on ratings sorted by movie within each user (its rows of q_i are then
    # visited in memory order); the ratio is taken against its faster time
    fastest = min(("Surprise", "Surprise, file order"), key=lambda name: best[name][1])
    for name in ("ours, float32", "ours, float64"):
        print(
            f"   ratio {name} / {fastest}: {best[name][0] / best[fastest][0]:.3f} (wall), "
            f"{best[name][1] / best[fastest][1]:.3f} (CPU)"
        )

    def surprise_rmse(model) -> float:
        testset = zip(
            test.raw_users.astype(str), test.raw_items.astype(str), test.values, strict=True
        )
        return rmse(np.array([p.est for p in model.test(list(testset))]), test.values)

    scores = {
        name: [
            surprise_rmse(fit(seed)) if name.startswith("Surprise") else fit(seed).rmse(test)
            for seed in SEEDS
        ]
        for name, fit in contenders.items()
    }
    print(f"\n   test RMSE over seeds {SEEDS.start}-{SEEDS.stop - 1}: mean (min - max)")
    for name, values in scores.items():
        values = np.array(values)
        print(
            f"   {name:<20}: {values.mean():.4f} ({values.min():.4f} - {values.max():.4f}); "
            f"seed 0: {values[0]:.4f}"
        )
    for name in ("ours, float32", "ours, float64"):
        gap = np.mean(scores[name]) - np.mean(scores["Surprise"])
        print(f"   mean RMSE difference {name} - Surprise: {gap:+.4f}")


def synthetic(n: int, n_users: int, n_items: int, seed: int = 0) -> Ratings:
    """About ``n`` random half-star ratings on distinct (user, item) cells."""
    rng = np.random.default_rng(seed)
    cells = np.unique(rng.integers(0, n_users * n_items, size=n, dtype=np.int64))
    values = rng.integers(1, 11, size=cells.size) / 2.0
    return Ratings.from_arrays(cells // n_items, cells % n_items, values)


def epoch_seconds(ratings: Ratings, dtype, epochs: int = 5) -> tuple[float, float]:
    """Best wall and CPU seconds of one epoch at rank 100, around the compiled kernel only."""
    rng = np.random.default_rng(0)
    P = rng.normal(0.0, 0.1, (ratings.n_users, 100)).astype(dtype)
    Q = rng.normal(0.0, 0.1, (ratings.n_items, 100)).astype(dtype)
    bu, bi = np.zeros(ratings.n_users), np.zeros(ratings.n_items)
    order = FunkSVD()._visiting_order(ratings, rng)
    users, items, values = (
        ratings.user_index[order],
        ratings.item_index[order],
        ratings.values[order],
    )
    mu = float(ratings.values.mean())
    results = [
        timed(
            lambda: _sgd_kernels.sgd_epoch(
                users, items, values, mu, bu, bi, P, Q, 0.005, 0.02, True
            )
        )
        for _ in range(epochs)
    ]
    return min(r[0] for r in results), min(r[1] for r in results)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeats", type=int, default=5, help="fits per timing (best is kept)")
    parser.add_argument("--skip-10m", action="store_true", help="only the 1M scaling point")
    args = parser.parse_args()

    print(
        f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}"
    )
    data = load_movielens(ROOT / "data" / "ml-latest-small" / "ratings.csv")
    train, test = train_test_split(data, test_fraction=0.2, seed=0)
    print(
        f"\n1-2. ml-latest-small, seeded 80/20 split: {len(train):,} training and {len(test):,} "
        f"test ratings; hyper-parameters {DEFAULTS}"
    )
    compare(train, test, args.repeats)

    print(
        "\n3. one epoch at rank 100 on synthetic ratings (kernel only, best of 5), extrapolated "
        f"to Netflix's {NETFLIX_RATINGS:,}"
    )
    shapes = [("1M", 1_000_000, 6_040, 3_706)]
    if not args.skip_10m:
        shapes.append(("10M", 10_000_000, 69_878, 10_677))
    for label, n, n_users, n_items in shapes:
        ratings = synthetic(n, n_users, n_items)
        for dtype in (np.float32, np.float64):
            wall, cpu = epoch_seconds(ratings, dtype)
            per_rating = cpu / len(ratings)
            print(
                f"   {label:>3} ({len(ratings):,} ratings, {n_users:,} x {n_items:,}), "
                f"{np.dtype(dtype).name}: epoch {wall:.2f} s wall, {cpu:.2f} s CPU = "
                f"{1e9 * per_rating:.0f} ns/rating; 100M extrapolated: "
                f"{per_rating * NETFLIX_RATINGS:.1f} s per epoch"
            )
        del ratings
    for dtype in (np.float32, np.float64):
        name, size = np.dtype(dtype).name, np.dtype(dtype).itemsize
        factors_mb = (NETFLIX_USERS + NETFLIX_MOVIES) * 100 * size / 1e6
        print(f"   memory at Netflix size, rank 100: factors {factors_mb:.0f} MB in {name}")
    print(
        f"   ratings {NETFLIX_RATINGS * 16 / 1e9:.1f} GB (int32 user, int32 item, float64 "
        "rating), plus one copy in visiting order"
    )


if __name__ == "__main__":
    main()
