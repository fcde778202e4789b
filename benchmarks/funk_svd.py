"""Benchmark: our FunkSVD against the Surprise library's SVD, and how an epoch scales.

Run with ``make bench`` (installs scikit-surprise into the virtual environment first) or
``python benchmarks/funk_svd.py`` from the repository root. Not part of ``make test``: the
figures depend on the machine.

1. On data/ml-latest-small with a seeded 80/20 split, fit both models with the same defaults
   (rank 100, 20 epochs, lr 0.005, reg 0.02, biased, init std 0.1); report the best of three fit
   times (same process, our compiled kernel warmed up first), their ratio, both test RMSEs and
   SGD updates per second.
2. Time one epoch (rank 100) on synthetic data of 1M and 10M ratings, with the shapes of
   MovieLens 1M and 10M, and extrapolate linearly to the Netflix data's 100,480,507 ratings.

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

from helpers.ratings import Ratings, load_movielens, train_test_split
from helpers.recommender import FunkSVD, rmse

ROOT = Path(__file__).resolve().parents[1]
NETFLIX_RATINGS = 100_480_507
DEFAULTS = {"rank": 100, "epochs": 20, "lr": 0.005, "reg": 0.02, "init_std": 0.1}


def best_of(repeats: int, fit) -> tuple[float, float, object]:
    """Best wall and CPU seconds of ``repeats`` calls of ``fit()`` and the last result."""
    walls, cpus, result = [], [], None
    for _ in range(repeats):
        wall, cpu = time.perf_counter(), time.process_time()
        result = fit()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return min(walls), min(cpus), result


def ours(train: Ratings, test: Ratings, repeats: int, seeds: range) -> dict:
    FunkSVD(rank=4, epochs=1).fit(train.subset(np.arange(100)))  # load the compiled kernel
    wall, cpu, model = best_of(
        repeats, lambda: FunkSVD(**DEFAULTS, seed=0).fit(train, history=False)
    )
    spread = [FunkSVD(**DEFAULTS, seed=s).fit(train, history=False).rmse(test) for s in seeds]
    return {"wall": wall, "cpu": cpu, "rmse": model.rmse(test), "seeds": spread}


def surprise(train: Ratings, test: Ratings, repeats: int, seeds: range) -> dict | str:
    """Fit Surprise's SVD on the same split; a message instead when Surprise is unavailable."""
    try:
        from surprise import SVD, Dataset, Reader
    except ImportError as error:
        return f"Surprise is not installed ({error}); run `make bench` to install scikit-surprise"
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "train.csv"
        with open(path, "w", newline="") as handle:
            csv.writer(handle).writerows(
                zip(train.raw_users, train.raw_items, train.values, strict=True)
            )
        reader = Reader(line_format="user item rating", sep=",", rating_scale=train.scale)
        trainset = Dataset.load_from_file(str(path), reader=reader).build_full_trainset()
    options = {
        "n_factors": DEFAULTS["rank"],
        "n_epochs": DEFAULTS["epochs"],
        "lr_all": DEFAULTS["lr"],
        "reg_all": DEFAULTS["reg"],
        "init_std_dev": DEFAULTS["init_std"],
        "biased": True,
    }
    testset = list(
        zip(test.raw_users.astype(str), test.raw_items.astype(str), test.values, strict=True)
    )

    def test_rmse(model) -> float:
        return rmse(np.array([p.est for p in model.test(testset)]), test.values)

    wall, cpu, model = best_of(repeats, lambda: SVD(**options, random_state=0).fit(trainset))
    spread = [test_rmse(SVD(**options, random_state=s).fit(trainset)) for s in seeds]
    return {"wall": wall, "cpu": cpu, "rmse": test_rmse(model), "seeds": spread}


def synthetic(n: int, n_users: int, n_items: int, seed: int = 0) -> Ratings:
    """About ``n`` random half-star ratings on distinct (user, item) cells."""
    rng = np.random.default_rng(seed)
    cells = np.unique(rng.integers(0, n_users * n_items, size=n, dtype=np.int64))
    values = rng.integers(1, 11, size=cells.size) / 2.0
    return Ratings.from_arrays(cells // n_items, cells % n_items, values)


def epoch_seconds(ratings: Ratings) -> tuple[float, float]:
    """Wall and CPU seconds of one epoch at rank 100: fit(3 epochs) - fit(1 epoch), halved."""
    w1, c1, _ = best_of(1, lambda: FunkSVD(epochs=1).fit(ratings, history=False))
    w3, c3, _ = best_of(1, lambda: FunkSVD(epochs=3).fit(ratings, history=False))
    return (w3 - w1) / 2, (c3 - c1) / 2


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeats", type=int, default=3, help="fits per timing (best is kept)")
    parser.add_argument("--skip-10m", action="store_true", help="only the 1M scaling point")
    args = parser.parse_args()

    print(
        f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}"
    )
    data = load_movielens(ROOT / "data" / "ml-latest-small" / "ratings.csv")
    train, test = train_test_split(data, test_fraction=0.2, seed=0)
    print(
        f"\n1. ml-latest-small, seeded 80/20 split: {len(train):,} training and {len(test):,} "
        f"test ratings; defaults {DEFAULTS}; best of {args.repeats} fits"
    )
    seeds = range(5)
    mine = ours(train, test, args.repeats, seeds)
    theirs = surprise(train, test, args.repeats, seeds)
    updates = len(train) * DEFAULTS["epochs"]
    print(
        f"   ours (numba)  : fit {mine['wall']:.3f} s wall, {mine['cpu']:.3f} s CPU; "
        f"test RMSE {mine['rmse']:.4f}; {updates / mine['cpu'] / 1e6:.1f} M updates/s"
    )
    if isinstance(theirs, str):
        print(f"   Surprise SVD  : UNAVAILABLE - {theirs}")
        print("   (no comparison figures: Surprise was not run)")
    else:
        print(
            f"   Surprise SVD  : fit {theirs['wall']:.3f} s wall, {theirs['cpu']:.3f} s CPU; "
            f"test RMSE {theirs['rmse']:.4f}; {updates / theirs['cpu'] / 1e6:.1f} M updates/s"
        )
        for name, result in (("ours", mine), ("Surprise", theirs)):
            values = np.array(result["seeds"])
            print(
                f"   {name} test RMSE over seeds 0-4: mean {values.mean():.4f}, "
                f"min {values.min():.4f}, max {values.max():.4f}"
            )
        print(
            f"   fit time ratio ours/Surprise: {mine['wall'] / theirs['wall']:.3f} (wall), "
            f"{mine['cpu'] / theirs['cpu']:.3f} (CPU); RMSE difference "
            f"{mine['rmse'] - theirs['rmse']:+.4f}"
        )

    print(
        "\n2. one epoch at rank 100 on synthetic ratings, extrapolated to Netflix's "
        f"{NETFLIX_RATINGS:,}"
    )
    shapes = [("1M", 1_000_000, 6_040, 3_706)]
    if not args.skip_10m:
        shapes.append(("10M", 10_000_000, 69_878, 10_677))
    for label, n, n_users, n_items in shapes:
        ratings = synthetic(n, n_users, n_items)
        wall, cpu = epoch_seconds(ratings)
        per_rating = cpu / len(ratings)
        print(
            f"   {label:>3} ({len(ratings):,} ratings, {n_users:,} x {n_items:,}): epoch "
            f"{wall:.2f} s wall, {cpu:.2f} s CPU = {1e9 * per_rating:.0f} ns/rating; "
            f"100M extrapolated: {per_rating * NETFLIX_RATINGS:.1f} s per epoch"
        )
        del ratings
    factors_mb = (480_189 + 17_770) * DEFAULTS["rank"] * 8 / 1e6
    print(
        f"   memory at Netflix size: factors {factors_mb:.0f} MB; ratings "
        f"{NETFLIX_RATINGS * 16 / 1e9:.1f} GB (int32 user, int32 item, float64 rating) and "
        "one copy in visiting order"
    )


if __name__ == "__main__":
    main()
