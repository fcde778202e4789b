"""Numba-compiled kernels behind :class:`helpers.recommender.FunkSVD` (imported only when needed).

The readable version of the same update is :func:`helpers.recommender.sgd_epoch_reference`;
``tests/test_recommender.py`` checks that both give the same factors. Compiled code is cached
(``cache=True``) in ``helpers/__pycache__``, or numba's user cache folder when that is read-only,
or, when both are read-only (a shared JupyterHub, a container image), in a private folder under
the system's temporary folder; when no folder is writable the kernels are compiled without a
cache. Nothing is ever written into ``data/``. The kernels also run as plain Python under
``NUMBA_DISABLE_JIT=1`` (slowly; that is how numba code is debugged).

The kernels do not check array bounds. Their callers do: :class:`helpers.recommender.FunkSVD`
checks every Ratings before training or predicting, and :func:`stable_group` checks its keys.

Three things make the kernel faster than a line-by-line translation of the reference loop, and
none changes which updates happen or in which order:

* **Prefetching.** At Netflix scale the item factors do not fit in the processor's caches, and
  fetching a random row q_i from memory takes longer than the arithmetic of an update. The
  kernel asks for the row of the rating a few steps ahead (``_PREFETCH_AHEAD``) while it works on
  the current one, with LLVM's ``prefetch`` hint (a hint only: it never changes a value).
* **Fused dot product.** Ratings arrive user by user, so the next rating usually has the same
  user. Its prediction needs p_u . q_j with the p_u being written right now; the update loop
  accumulates that dot product on the fly instead of reading p_u again afterwards.
* **Regrouped update.** p + lr (e q - reg p) is computed as (1 - lr reg) p + (lr e) q: the same
  value in exact arithmetic, with two operations per entry instead of three.

fastmath lets the compiler reorder additions into SIMD lanes; results then differ from a
left-to-right sum only in the last bits. In double precision the kernel matches the reference
loop to 1e-10; in single precision to about 1e-5 relative.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path

import numba
import numpy as np
from llvmlite import ir
from numba import types
from numba.core import cgutils
from numba.extending import intrinsic

_JIT = {"cache": True, "nogil": True, "fastmath": True}
_PREFETCH_AHEAD = 4  # ratings; about one memory latency of work at rank 100
_CACHE_LINE = 64  # bytes


def _private_cache_dir() -> Path | None:
    """Return a cache folder under the temporary folder that only this user can write, or None.

    numba's cache files are pickles, so a folder that another user could have prepared (in a
    shared ``/tmp``) is never used: it must be a real folder (not a link), owned by this user,
    and writable by nobody else.
    """
    try:
        uid = os.getuid()
    except AttributeError:  # Windows: the temporary folder is per user already
        uid = None
    try:
        folder = (
            Path(tempfile.gettempdir())
            / f"helpers-numba-cache-{uid if uid is not None else 'user'}"
        )
        folder.mkdir(mode=0o700, exist_ok=True)
        info = os.lstat(folder)
        if not stat.S_ISDIR(info.st_mode) or (
            uid is not None and (info.st_uid != uid or info.st_mode & 0o022)
        ):
            return None
        tempfile.TemporaryFile(dir=folder).close()
    except OSError:
        return None
    return folder


def _njit(function: Callable) -> Callable:
    """Compile ``function`` with numba (options ``_JIT``), cached wherever a cache can live.

    numba caches next to the source or in the user's cache folder and refuses ``cache=True``
    ("no locator available") when neither is writable. Then the kernels are cached in a private
    temporary folder (:func:`_private_cache_dir`), or, if there is none, compiled in memory.
    numba's global settings are restored at once.
    """
    try:
        return numba.njit(**_JIT)(function)
    except RuntimeError as error:
        if "no locator available" not in str(error):
            raise
    folder = _private_cache_dir()
    if folder is not None:
        saved = numba.config.CACHE_DIR
        numba.config.CACHE_DIR = str(folder)
        try:
            return numba.njit(**_JIT)(function)
        except RuntimeError:
            pass
        finally:
            numba.config.CACHE_DIR = saved
    return numba.njit(**{**_JIT, "cache": False})(function)


@intrinsic
def _prefetch_hint(typingctx, address):
    """Hint the processor to load the cache line at ``address`` (an integer) for reading."""
    signature = types.void(types.intp)

    def codegen(context, builder, sig, args):
        byte_ptr = ir.IntType(8).as_pointer()
        # LLVM names the intrinsic after its pointer type: opaque "ptr" or typed "i8*"
        suffix = "p0" if str(byte_ptr) == "ptr" else "p0i8"
        i32 = ir.IntType(32)
        function = cgutils.get_or_insert_function(
            builder.module,
            ir.FunctionType(ir.VoidType(), [byte_ptr, i32, i32, i32]),
            f"llvm.prefetch.{suffix}",
        )
        # read (0), keep in all cache levels (locality 3), data cache (1)
        pointer = builder.inttoptr(args[0], byte_ptr)
        builder.call(function, [pointer, i32(0), i32(3), i32(1)])
        return context.get_dummy_value()

    return signature, codegen


def _prefetch_nothing(address: int) -> None:
    """Stand in for the prefetch hint in plain Python (``NUMBA_DISABLE_JIT=1``): do nothing.

    A prefetch never changes a value, so leaving it out changes no result.
    """


# an intrinsic exists only inside compiled code
_prefetch = _prefetch_nothing if numba.config.DISABLE_JIT else _prefetch_hint


@_njit
def _prefetch_row(matrix: np.ndarray, row: int) -> None:
    """Prefetch every cache line that row ``row`` of a C-ordered matrix touches."""
    # int(): in plain Python an int32 row times the stride would overflow int32
    start = matrix.ctypes.data + int(row) * matrix.strides[0]
    end = start + matrix.shape[1] * matrix.itemsize
    for line in range(start - start % _CACHE_LINE, end, _CACHE_LINE):
        _prefetch(line)


@_njit
def sgd_epoch(
    users: np.ndarray,
    items: np.ndarray,
    values: np.ndarray,
    mu: float,
    bu: np.ndarray,
    bi: np.ndarray,
    P: np.ndarray,
    Q: np.ndarray,
    lr: float,
    reg: float,
    biased: bool,
) -> float:
    """One SGD pass over the ratings in array order; updates bu, bi, P, Q in place.

    Returns the sum of squared errors seen during the pass (before each update). The caller
    stores the ratings in visiting order, so they are read sequentially (reading them through
    an index array instead costs several cache misses per rating on large data). P and Q may be
    float64 or float32 (then the factor arithmetic is single precision; biases, errors and the
    returned sum stay double).
    """
    rank = P.shape[1]
    size = values.size
    zero = P.dtype.type(0.0)
    # p + lr (e q - reg p) regrouped as keep p + step q: two operations per entry instead of three
    keep = P.dtype.type(1.0 - lr * reg)
    sse = 0.0
    dot = zero
    have_dot = False  # dot already holds p_u . q_i for this rating (fused into the last update)
    for n in range(size):
        if n + _PREFETCH_AHEAD < size:
            ahead = n + _PREFETCH_AHEAD
            _prefetch_row(Q, items[ahead])
            if users[ahead] != users[ahead - 1]:  # a new user's row (the old one is cached)
                _prefetch_row(P, users[ahead])
        u = users[n]
        i = items[n]
        if not have_dot:
            dot = zero
            for f in range(rank):
                dot += P[u, f] * Q[i, f]
        if biased:
            err = values[n] - (mu + bu[u] + bi[i] + dot)
            bu[u] += lr * (err - reg * bu[u])
            bi[i] += lr * (err - reg * bi[i])
        else:
            err = values[n] - dot
        sse += err * err
        step = P.dtype.type(lr * err)
        # when the next rating has the same user, sum p_u . q_j while p_u is written; q_j is
        # read after q_i is written, so the result is right even if j were i
        have_dot = n + 1 < size and users[n + 1] == u
        if have_dot:
            j = items[n + 1]
            dot = zero
            for f in range(rank):
                p = P[u, f]
                q = Q[i, f]
                p_new = keep * p + step * q
                P[u, f] = p_new
                Q[i, f] = keep * q + step * p
                dot += p_new * Q[j, f]
        else:
            for f in range(rank):
                p = P[u, f]
                q = Q[i, f]
                P[u, f] = keep * p + step * q
                Q[i, f] = keep * q + step * p
    return sse


def stable_group(keys: np.ndarray, n_keys: int) -> np.ndarray:
    """Return ``np.argsort(keys, kind="stable")`` for keys in [0, n_keys), by counting sort.

    Linear in ``keys.size``: on ten million keys about 13 times faster than NumPy's stable sort.
    The keys are checked here (a key outside [0, n_keys) would make the compiled loop write
    outside its arrays); the loop itself checks nothing.

    Raises
    ------
    TypeError
        ``keys`` is not an array of integers or ``n_keys`` is not an integer.
    ValueError
        ``keys`` is not 1-D, ``n_keys`` is negative, or a key lies outside [0, n_keys).
    """
    keys = np.asarray(keys)
    if keys.dtype.kind not in "iu":
        raise TypeError(f"keys must be an array of integers, got dtype {keys.dtype}")
    if keys.ndim != 1:
        raise ValueError(f"keys must be 1-D, got shape {keys.shape}")
    if isinstance(n_keys, bool) or not isinstance(n_keys, (int, np.integer)):
        raise TypeError(f"n_keys must be an integer, got {type(n_keys).__name__}")
    if n_keys < 0:
        raise ValueError(f"n_keys must be >= 0, got {n_keys}")
    if keys.size and (int(keys.min()) < 0 or int(keys.max()) >= n_keys):
        raise ValueError(
            f"keys must lie in [0, n_keys) = [0, {n_keys}), got values from {int(keys.min())} "
            f"to {int(keys.max())}"
        )
    return _stable_group(keys.astype(np.int64, copy=False), int(n_keys))


@_njit
def _stable_group(keys: np.ndarray, n_keys: int) -> np.ndarray:
    """Sort by counting, for :func:`stable_group`; unchecked: keys must lie in [0, n_keys)."""
    start = np.zeros(n_keys + 1, dtype=np.int64)
    for key in keys:
        start[key + 1] += 1
    for k in range(n_keys):
        start[k + 1] += start[k]
    order = np.empty(keys.size, dtype=np.int64)
    for n in range(keys.size):
        key = keys[n]
        order[start[key]] = n
        start[key] += 1
    return order


@_njit
def predict(
    users: np.ndarray,
    items: np.ndarray,
    mu: float,
    bu: np.ndarray,
    bi: np.ndarray,
    P: np.ndarray,
    Q: np.ndarray,
    biased: bool,
    out: np.ndarray,
) -> None:
    """Unclipped predictions into ``out``; index -1 means unknown (baseline fallback)."""
    rank = P.shape[1]
    for n in range(users.size):
        u = users[n]
        i = items[n]
        if biased:
            value = mu
            if u >= 0:
                value += bu[u]
            if i >= 0:
                value += bi[i]
        else:
            value = 0.0 if (u >= 0 and i >= 0) else mu
        if u >= 0 and i >= 0:
            for f in range(rank):
                value += P[u, f] * Q[i, f]
        out[n] = value
