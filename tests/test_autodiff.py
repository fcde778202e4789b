"""Tests of helpers.autodiff: reverse mode, forward mode and their error messages.

Every backward rule is compared with central differences (helpers.calculus.gradient) on
random shapes and values drawn by hypothesis; the references never come from the code under
test. Loss functions are written once with operators and autodiff.exp/log/tanh, so the same
Python function is evaluated on NumPy arrays (for the central differences) and on Tensors.
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from helpers import autodiff
from helpers.autodiff import Dual, Tensor, gradient, jvp, topological_order
from helpers.calculus import gradient as numerical_gradient
from helpers.calculus import jacobian as numerical_jacobian

SETTINGS = settings(max_examples=40, deadline=None)
shapes = hnp.array_shapes(min_dims=0, max_dims=3, min_side=1, max_side=4)
seeds = st.integers(0, 2**32 - 1)


def relative_error(a, b) -> float:
    """Normwise relative error max|a - b| / max(max|a|, max|b|, 0.01).

    Central differences leave an absolute error of about 1e-10 in every entry (h^2 / 6 times a
    third derivative, with h ~ 6e-6, plus rounding), so entries far below the largest one are
    compared on the largest one's scale, and gradients below 0.01 on the scale 0.01. A wrong
    rule (a lost factor, a missing transpose, a wrong sign) gives an error near 1.
    """
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    assert a.shape == b.shape, (a.shape, b.shape)
    scale = max(float(np.max(np.abs(a), initial=0.0)), float(np.max(np.abs(b), initial=0.0)), 0.01)
    return float(np.max(np.abs(a - b), initial=0.0)) / scale


def weighted_sum(op, weights):
    """A scalar loss sum(op(x) * weights), so that every output entry has its own upstream value."""
    return lambda *args: (op(*args) * weights).sum()


def assert_reverse_matches_central_differences(op, *inputs, rng, tol=1e-7):
    weights = rng.normal(size=np.shape(op(*inputs)))
    loss = weighted_sum(op, weights)
    grads = gradient(loss, *inputs)
    grads = grads if isinstance(grads, tuple) else (grads,)
    for k, x in enumerate(inputs):

        def loss_k(v, k=k):
            return loss(*inputs[:k], v, *inputs[k + 1 :])

        assert grads[k].shape == np.shape(
            x
        )  # a gradient has the shape of what it differentiates by
        assert relative_error(grads[k], numerical_gradient(loss_k, x)) < tol


# --------------------------------------------------------------------------- every operation
UNARY = {
    "neg": (lambda x: -x, "any"),
    "square": (lambda x: x**2, "any"),
    "cube": (lambda x: x**3, "any"),
    "sqrt": (lambda x: x**0.5, "positive"),
    "reciprocal power": (lambda x: x**-1.5, "positive"),
    "exp": (autodiff.exp, "any"),
    "log": (autodiff.log, "positive"),
    "tanh": (autodiff.tanh, "any"),
    "sin": (autodiff.sin, "any"),
    "cos": (autodiff.cos, "any"),
    "transpose": (lambda x: x.T, "any"),
    "reshape": (lambda x: x.reshape(-1), "any"),
    "sum": (lambda x: x.sum(), "any"),
    "mean": (lambda x: x.mean(), "any"),
    "constant minus": (lambda x: 2.0 - x, "any"),
    "constant over": (lambda x: 3.0 / x, "positive"),
}


def _draw(rng, shape, domain):
    return rng.uniform(0.5, 2.0, size=shape) if domain == "positive" else rng.normal(size=shape)


@pytest.mark.parametrize("name", list(UNARY))
@SETTINGS
@given(shape=shapes, seed=seeds)
def test_unary_backward_matches_central_differences(name, shape, seed):
    op, domain = UNARY[name]
    rng = np.random.default_rng(seed)
    assert_reverse_matches_central_differences(op, _draw(rng, shape, domain), rng=rng)


BINARY = {
    "+": (lambda a, b: a + b, "any"),
    "-": (lambda a, b: a - b, "any"),
    "*": (lambda a, b: a * b, "any"),
    "/": (lambda a, b: a / b, "positive"),
}


@pytest.mark.parametrize("name", list(BINARY))
@SETTINGS
@given(shapes_=hnp.mutually_broadcastable_shapes(num_shapes=2, max_dims=3, max_side=4), seed=seeds)
def test_binary_backward_with_broadcasting_matches_central_differences(name, shapes_, seed):
    op, domain = BINARY[name]
    rng = np.random.default_rng(seed)
    a_shape, b_shape = shapes_.input_shapes
    a, b = rng.normal(size=a_shape), _draw(rng, b_shape, domain)
    assert_reverse_matches_central_differences(op, a, b, rng=rng)


@SETTINGS
@given(
    n=st.integers(1, 4),
    m=st.integers(1, 4),
    h=st.integers(1, 4),
    kinds=st.sampled_from(
        ["matrix @ matrix", "vector @ matrix", "matrix @ vector", "vector @ vector"]
    ),
    seed=seeds,
)
def test_matmul_backward_matches_central_differences(n, m, h, kinds, seed):
    rng = np.random.default_rng(seed)
    left, right = kinds.split(" @ ")
    a = rng.normal(size=(n, m) if left == "matrix" else (m,))
    b = rng.normal(size=(m, h) if right == "matrix" else (m,))
    assert_reverse_matches_central_differences(lambda x, w: x @ w, a, b, rng=rng)


@SETTINGS
@given(shape=hnp.array_shapes(min_dims=1, max_dims=3, max_side=4), data=st.data(), seed=seeds)
def test_sum_and_mean_over_axes(shape, data, seed):
    rng = np.random.default_rng(seed)
    ndim = len(shape)
    axis = data.draw(
        st.one_of(
            st.integers(-ndim, ndim - 1),
            st.lists(st.integers(0, ndim - 1), min_size=1, max_size=ndim, unique=True).map(tuple),
        )
    )
    keepdims = data.draw(st.booleans())
    x = rng.normal(size=shape)
    for op in (lambda v: v.sum(axis, keepdims=keepdims), lambda v: v.mean(axis, keepdims=keepdims)):
        assert_reverse_matches_central_differences(op, x, rng=rng)


@SETTINGS
@given(shape=hnp.array_shapes(min_dims=1, max_dims=2, max_side=5), seed=seeds)
def test_indexing_backward_matches_central_differences(shape, seed):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=shape)
    picks = rng.integers(0, shape[0], size=3)  # repeats allowed: their gradients must add up
    for op in (lambda v: v[0], lambda v: v[picks], lambda v: v[1:] * v[:-1]):
        assert_reverse_matches_central_differences(op, x, rng=rng)


@settings(max_examples=25, deadline=None)
@given(seed=seeds, depth=st.integers(1, 6))
def test_random_compositions_match_central_differences(seed, depth):
    rng = np.random.default_rng(seed)
    steps = [
        lambda v: autodiff.tanh(v),
        lambda v: v * v,
        lambda v: autodiff.exp(0.3 * v),
        lambda v: autodiff.log(1.5 + v * v),
        lambda v: v / (1.0 + v * v),
        lambda v: v @ B,  # 3 x 3, keeps the shape
        lambda v: v.T,
        lambda v: v - v.mean(axis=0),
        lambda v: v + row,
    ]
    B = rng.normal(size=(3, 3)) / 2
    row = rng.normal(size=3)
    chosen = rng.integers(0, len(steps), size=depth)

    def composition(v):
        for k in chosen:
            v = steps[k](v)
        return v

    assert_reverse_matches_central_differences(composition, rng.normal(size=(3, 3)), rng=rng)


# --------------------------------------------------------------------------- the lecture's rules
def test_matmul_backward_is_x_transpose_times_dl_dd():
    # lecture item 15: for D = XW and any upstream dL/dD, dL/dW = X^T dL/dD and dL/dX = dL/dD W^T
    rng = np.random.default_rng(15)
    X, W = Tensor(rng.normal(size=(5, 3))), Tensor(rng.normal(size=(3, 2)))
    dL_dD = rng.normal(size=(5, 2))
    (X @ W).backward(dL_dD)
    np.testing.assert_allclose(W.grad, X.data.T @ dL_dD, rtol=1e-14)
    np.testing.assert_allclose(X.grad, dL_dD @ W.data.T, rtol=1e-14)


def test_seeded_backward_is_the_vector_chain_rule():
    # lecture item 13: grad_x z = (dy/dx)^T grad_y z with the n x m Jacobian dy/dx
    rng = np.random.default_rng(13)
    A = rng.normal(size=(2, 3))

    def g(v):
        return autodiff.tanh(A @ v) * 2.0  # R^3 -> R^2

    x0, grad_y = rng.normal(size=3), rng.normal(size=2)
    x = Tensor(x0)
    g(x).backward(grad_y)
    J = numerical_jacobian(g, x0)
    assert J.shape == (2, 3)
    assert relative_error(x.grad, J.T @ grad_y) < 1e-7


def test_broadcast_row_plus_matrix_sums_the_rows():
    rng = np.random.default_rng(1)
    M, b = Tensor(rng.normal(size=(4, 3))), Tensor(rng.normal(size=3))
    upstream = rng.normal(size=(4, 3))
    (M + b).backward(upstream)
    np.testing.assert_allclose(b.grad, upstream.sum(axis=0), rtol=1e-14)
    np.testing.assert_allclose(M.grad, upstream, rtol=1e-14)


def test_broadcast_scalar_times_matrix():
    rng = np.random.default_rng(2)
    s, M = Tensor(1.7), Tensor(rng.normal(size=(3, 4)))
    upstream = rng.normal(size=(3, 4))
    (s * M).backward(upstream)
    assert s.grad.shape == ()
    np.testing.assert_allclose(s.grad, np.sum(upstream * M.data), rtol=1e-13)
    np.testing.assert_allclose(M.grad, 1.7 * upstream, rtol=1e-14)


def test_broadcast_column_plus_row_and_array_on_the_left():
    rng = np.random.default_rng(3)
    col, row = Tensor(rng.normal(size=(4, 1))), Tensor(rng.normal(size=(1, 3)))
    upstream = rng.normal(size=(4, 3))
    out = np.ones((4, 3)) + col + row  # an array on the left goes through Tensor.__radd__
    assert isinstance(out, Tensor) and out.shape == (4, 3)
    out.backward(upstream)
    np.testing.assert_allclose(col.grad, upstream.sum(axis=1, keepdims=True), rtol=1e-14)
    np.testing.assert_allclose(row.grad, upstream.sum(axis=0, keepdims=True), rtol=1e-14)


def test_sum_over_an_axis_spreads_the_gradient():
    M = Tensor(np.arange(6.0).reshape(2, 3))
    upstream = np.array([10.0, 20.0, 30.0])
    M.sum(axis=0).backward(upstream)
    np.testing.assert_array_equal(M.grad, [[10.0, 20.0, 30.0], [10.0, 20.0, 30.0]])
    M.mean(axis=1).backward(np.array([3.0, 6.0]))
    np.testing.assert_array_equal(M.grad, [[1.0, 1.0, 1.0], [2.0, 2.0, 2.0]])


def test_a_node_reached_by_two_paths_adds_both():
    x = Tensor(3.0)
    y = x * x + x  # dy/dx = 2x + 1 = 7
    y.backward()
    assert float(x.grad) == 7.0
    order = topological_order(y)
    assert [n.op for n in order] == ["input", "*", "+"]
    assert len({id(n) for n in order}) == len(order)


def test_topological_order_puts_parents_first_on_a_diamond():
    x = Tensor(0.5)
    a, b = autodiff.exp(x), autodiff.tanh(x)
    c = a * b
    d = c + a
    order = topological_order(d)
    position = {id(n): i for i, n in enumerate(order)}
    assert len(order) == 5
    for node in order:
        assert all(position[id(p)] < position[id(node)] for p in node.parents)


def test_constants_get_no_gradient():
    rng = np.random.default_rng(4)
    X, y = rng.normal(size=(5, 3)), rng.normal(size=5)
    w = Tensor(rng.normal(size=3))
    b = Tensor(0.3, requires_grad=False)
    loss = ((X @ w + b - y) ** 2).sum()
    loss.backward()
    constants = [n for n in topological_order(loss) if not n.requires_grad]
    assert len(constants) == 3  # X, b and y
    assert all(n.grad is None for n in constants)
    np.testing.assert_allclose(w.grad, X.T @ (2 * (X @ w.data + 0.3 - y)), rtol=1e-13)


def test_backward_recomputes_instead_of_accumulating():
    x = Tensor([1.0, 2.0])
    loss = (x**2).sum()
    loss.backward()
    first = x.grad.copy()
    loss.backward()
    np.testing.assert_array_equal(x.grad, first)


def test_deep_chain_equals_the_product_of_local_derivatives():
    # notebook 03: y_k = w (y_{k-1} + 0.1 tanh y_{k-1}) for 50 layers; dz/dx is the product of
    # the local derivatives w (1 + 0.1 / cosh^2 y_{k-1}), each at the value its layer receives
    for w in (0.5, 0.95, 1.5):
        values, locals_ = [0.5], []
        for _ in range(50):
            y = values[-1]
            with np.errstate(over="ignore"):  # cosh(1e8) is inf, and 0.1 / inf = 0 is right
                locals_.append(w * (1 + 0.1 / np.cosh(y) ** 2))
            values.append(w * (y + 0.1 * np.tanh(y)))
        x = Tensor(0.5)
        y = x
        for _ in range(50):
            y = w * (y + 0.1 * autodiff.tanh(y))
        y.backward()
        np.testing.assert_allclose(float(y.data), values[-1], rtol=1e-14)
        np.testing.assert_allclose(float(x.grad), np.prod(locals_), rtol=1e-12)


def test_notebook_03_four_layer_chain():
    # x -> y1 = x^2 -> y2 = sin y1 -> y3 = exp y2 -> z = log(1 + y3), at x = 0.8:
    # dz/dx = 1/(1 + y3) * e^y2 * cos y1 * 2x, the product of the four local derivatives
    x = Tensor(0.8)
    y1 = x**2
    y2 = autodiff.sin(y1)
    y3 = autodiff.exp(y2)
    z = autodiff.log(1.0 + y3)
    z.backward()
    a1 = 0.8**2
    a2 = np.sin(a1)
    a3 = np.exp(a2)
    product = (1 / (1 + a3)) * np.exp(a2) * np.cos(a1) * (2 * 0.8)
    np.testing.assert_allclose(float(x.grad), product, rtol=1e-14)
    assert round(float(x.grad), 8) == 0.82778131  # the number notebook 03 prints
    # every intermediate node holds dz/d(node): the running product from the output back
    np.testing.assert_allclose(float(y3.grad), 1 / (1 + a3), rtol=1e-14)
    np.testing.assert_allclose(float(y2.grad), np.exp(a2) / (1 + a3), rtol=1e-14)
    np.testing.assert_allclose(float(y1.grad), np.cos(a1) * np.exp(a2) / (1 + a3), rtol=1e-14)


def test_a_very_deep_graph_needs_no_recursion():
    x = Tensor(1.0)
    y = x
    for _ in range(5_000):  # five times Python's default recursion limit
        y = y * 1.0
    y.backward()
    assert float(x.grad) == 1.0


def test_gradient_of_an_unused_input_is_zero_and_types_are_float64():
    gx, gy = gradient(lambda x, y: (x * 2).sum(), np.arange(3), np.ones(2, dtype=np.float32))
    np.testing.assert_array_equal(gx, [2.0, 2.0, 2.0])
    np.testing.assert_array_equal(gy, [0.0, 0.0])
    assert gx.dtype == gy.dtype == np.float64


def test_functions_on_plain_arrays_are_numpy():
    x = np.array([0.2, 1.3])
    np.testing.assert_array_equal(autodiff.exp(x), np.exp(x))
    np.testing.assert_array_equal(autodiff.log(x), np.log(x))
    np.testing.assert_array_equal(autodiff.tanh(x), np.tanh(x))


# --------------------------------------------------------------------------- forward mode
FORWARD = {
    **{name: op for name, (op, domain) in UNARY.items() if domain == "any"},
    "sqrt": lambda x: (1.0 + x * x) ** 0.5,
    "log": lambda x: autodiff.log(1.0 + x * x),
    "division": lambda x: x / (2.0 + autodiff.tanh(x)),
    "constant over": lambda x: 1.0 / (1.5 + x * x),
    "indexing": lambda x: x.reshape(-1)[0] * x,
}


@pytest.mark.parametrize("name", list(FORWARD))
@SETTINGS
@given(shape=shapes, seed=seeds)
def test_forward_mode_equals_reverse_mode(name, shape, seed):
    # for a scalar loss L: the directional derivative from one forward pass is grad L . v
    rng = np.random.default_rng(seed)
    op = FORWARD[name]
    x, v = rng.normal(size=shape), rng.normal(size=shape)
    loss = weighted_sum(op, rng.normal(size=np.shape(op(x))))
    value, slope = jvp(loss, x, v)
    np.testing.assert_allclose(value, loss(x), rtol=1e-13)
    reverse = gradient(loss, x)
    np.testing.assert_allclose(slope, np.sum(reverse * v), rtol=1e-10, atol=1e-12)
    numerical = numerical_gradient(loss, x)
    scale = max(1.0, float(np.linalg.norm(numerical) * np.linalg.norm(v)))  # Cauchy-Schwarz bound
    assert abs(slope - np.sum(numerical * v)) < 1e-7 * scale


@SETTINGS
@given(seed=seeds, n=st.integers(1, 4), m=st.integers(1, 4))
def test_full_jacobian_by_m_forward_or_n_reverse_passes(seed, n, m):
    rng = np.random.default_rng(seed)
    A = rng.normal(size=(n, m))
    b = rng.normal(size=n)

    def g(x):  # R^m -> R^n
        return autodiff.tanh(A @ x + b) * (x * x).sum()

    x0 = rng.normal(size=m)
    forward = np.column_stack([jvp(g, x0, e)[1] for e in np.eye(m)])  # one column per input
    rows = []
    for e in np.eye(n):  # one row per output
        x = Tensor(x0)
        g(x).backward(e)
        rows.append(x.grad)
    reverse = np.vstack(rows)
    assert forward.shape == reverse.shape == (n, m)  # the lecture's n x m layout
    np.testing.assert_allclose(forward, reverse, rtol=1e-12, atol=1e-14)
    assert relative_error(forward, numerical_jacobian(g, x0)) < 1e-7


@SETTINGS
@given(
    shapes_=hnp.mutually_broadcastable_shapes(num_shapes=2, max_dims=3, max_side=4),
    seed=seeds,
    name=st.sampled_from(list(BINARY)),
)
def test_forward_mode_broadcasts_like_numpy(shapes_, seed, name):
    op, _ = BINARY[name]
    rng = np.random.default_rng(seed)
    a_shape, b_shape = shapes_.input_shapes
    a, b = rng.normal(size=a_shape), rng.uniform(0.5, 2.0, size=b_shape)
    va, vb = rng.normal(size=a_shape), rng.normal(size=b_shape)
    out = op(Dual(a, va), Dual(b, vb))
    assert out.value.shape == out.tangent.shape == shapes_.result_shape
    # the tangent of a binary operation is J_a va + J_b vb, checked by a difference quotient
    quotient = (op(a + 1e-6 * va, b + 1e-6 * vb) - op(a - 1e-6 * va, b - 1e-6 * vb)) / 2e-6
    np.testing.assert_allclose(out.tangent, quotient, rtol=1e-6, atol=1e-8)


def test_forward_mode_matmul_and_reductions():
    rng = np.random.default_rng(7)
    X, W, V = rng.normal(size=(4, 3)), rng.normal(size=(3, 2)), rng.normal(size=(3, 2))
    out = X @ Dual(W, V)
    np.testing.assert_allclose(out.tangent, X @ V, rtol=1e-14)  # linear in W
    s = Dual(W, V).sum(axis=0)
    np.testing.assert_allclose(s.tangent, V.sum(axis=0), rtol=1e-14)
    t = Dual(W, V).T
    np.testing.assert_array_equal(t.tangent, V.T)


def test_lecture_f_directional_derivative():
    # f(x, y) = x^2 + xy + y^2 at (1, 0.5): the slope along u is grad f . u = (2.5, 2) . u
    def f(v):
        return v[0] ** 2 + v[0] * v[1] + v[1] ** 2

    for angle in np.linspace(0, 2 * np.pi, 8, endpoint=False):
        u = np.array([np.cos(angle), np.sin(angle)])
        _, slope = jvp(f, [1.0, 0.5], u)
        np.testing.assert_allclose(slope, 2.5 * u[0] + 2.0 * u[1], rtol=1e-13, atol=1e-15)


# --------------------------------------------------------------------------- errors
def test_backward_on_a_non_scalar_names_the_seed_and_the_shape():
    y = Tensor(np.ones((2, 3))) * 2.0
    with pytest.raises(ValueError, match=r"seed.*scalar.*\(2, 3\).*grad="):
        y.backward()


def test_backward_with_a_seed_of_the_wrong_shape():
    y = Tensor(np.ones((2, 3))) * 2.0
    with pytest.raises(
        ValueError, match=r"grad must have the output's shape \(2, 3\), got \(3, 2\)"
    ):
        y.backward(np.ones((3, 2)))
    with pytest.raises(ValueError, match="grad must be finite"):
        y.backward(np.full((2, 3), np.nan))


@pytest.mark.parametrize("op", ["+", "-", "*", "/"])
def test_shapes_that_do_not_broadcast_are_named(op):
    a, b = np.ones((2, 3)), np.ones((4,))
    for make in (Tensor, Dual):
        with pytest.raises(ValueError, match=r"shapes \(2, 3\) and \(4,\) do not broadcast for"):
            eval(f"x {op} y", {"x": make(a), "y": make(b)})


def test_matmul_shapes_are_named():
    for make in (Tensor, Dual):
        with pytest.raises(ValueError, match=r"shapes \(2, 3\) and \(4, 5\) do not fit for @"):
            make(np.ones((2, 3))) @ make(np.ones((4, 5)))
        with pytest.raises(ValueError, match=r"shapes \(2, 2, 2\) and \(2, 2\) do not fit for @"):
            make(np.ones((2, 2, 2))) @ make(np.ones((2, 2)))
        with pytest.raises(ValueError, match=r"shapes \(\) and \(2,\) do not fit for @"):
            make(np.ones(())) @ make(np.ones(2))


@pytest.mark.parametrize("bad", [np.nan, np.inf, [1.0, -np.inf]])
def test_non_finite_data_is_rejected(bad):
    with pytest.raises(ValueError, match="data must be finite"):
        Tensor(bad)
    with pytest.raises(ValueError, match="value must be finite"):
        Dual(bad)


@pytest.mark.parametrize("bad", [1j, np.array([1.0 + 2j]), "3", ["a", "b"], None])
def test_non_real_data_is_a_type_error(bad):
    with pytest.raises(TypeError, match="data must be"):
        Tensor(bad)


def test_ragged_data_is_a_value_error():
    # the package's one policy: numbers of the wrong shape are a ValueError, as everywhere
    with pytest.raises(ValueError, match="data must be a rectangular array"):
        Tensor([[1.0], [1.0, 2.0]])


def test_a_tensor_is_not_data():
    with pytest.raises(TypeError, match="data must be numbers, got a Tensor"):
        Tensor(Tensor(1.0))


@pytest.mark.parametrize("other", ["a", [1.0, 2.0], None, (1.0,), {1.0}])
def test_operands_of_the_wrong_type(other):
    for x in (Tensor([1.0, 2.0]), Dual([1.0, 2.0])):
        with pytest.raises(TypeError, match=f"operands of .* got {type(other).__name__}"):
            x + other
        with pytest.raises(TypeError, match=type(other).__name__):
            other * x


def test_tensors_and_duals_do_not_mix():
    with pytest.raises(TypeError, match="got Dual"):
        Tensor(1.0) + Dual(1.0)
    with pytest.raises(TypeError, match="got Tensor"):
        Dual(1.0) * Tensor(1.0)


def test_exponent_must_be_a_real_number():
    for x in (Tensor(2.0), Dual(2.0)):
        for p in (Tensor(2.0), np.array([1.0, 2.0]), True, "2"):
            with pytest.raises(TypeError, match="exponent of \\*\\* must be a real number"):
                x**p


def test_numpy_functions_refuse_tensors():
    # np.exp(Tensor) would lose the graph; autodiff.exp is the way
    with pytest.raises(TypeError):
        np.exp(Tensor(1.0))


@pytest.mark.parametrize(
    ("expression", "name"),
    [
        (lambda x: autodiff.log(x - 2.0), "log"),
        (lambda x: autodiff.exp(x * 1000.0), "exp"),
        (lambda x: x / (x - 1.0), "/"),
        (lambda x: (x - 2.0) ** 0.5, r"\*\*"),
    ],
)
def test_values_outside_the_domain_are_named_without_warnings(expression, name):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for x in (Tensor(1.0), Dual(1.0, 1.0)):
            with pytest.raises(ValueError, match=f"{name} gave a non-finite value"):
                expression(x)


def test_a_non_finite_gradient_is_named_without_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        x = Tensor(0.0)
        y = x**0.5  # the value 0 is fine, the slope 1 / (2 sqrt(0)) is not
        with pytest.raises(ValueError, match=r"backward rule of \*\* gave a non-finite gradient"):
            y.backward()
        with pytest.raises(ValueError, match=r"derivative of \*\* gave a non-finite value"):
            Dual(0.0, 1.0) ** 0.5


def test_gradient_and_jvp_check_their_arguments():
    with pytest.raises(TypeError, match="f must be a callable"):
        gradient("f", 1.0)
    with pytest.raises(TypeError, match="f must return a Tensor, got ndarray"):
        gradient(lambda x: np.zeros(()), 1.0)
    with pytest.raises(ValueError, match=r"scalar output.*\(2,\)"):
        gradient(lambda x: x * 2.0, [1.0, 2.0])
    with pytest.raises(TypeError, match="f must be a callable"):
        jvp(None, 1.0, 1.0)
    with pytest.raises(ValueError, match=r"direction must have the shape of x, \(2,\), got \(3,\)"):
        jvp(lambda v: v.sum(), [1.0, 2.0], [1.0, 0.0, 0.0])
    with pytest.raises(TypeError, match="f must return a Dual, got float"):
        jvp(lambda v: 1.0, [1.0, 2.0], [1.0, 0.0])
    with pytest.raises(ValueError, match="direction must be finite"):
        jvp(lambda v: v.sum(), [1.0, 2.0], [np.nan, 0.0])
    with pytest.raises(TypeError, match="output must be a Tensor"):
        topological_order(1.0)


def test_dual_tangent_must_match_the_value():
    with pytest.raises(
        ValueError, match=r"tangent must have the shape of value, \(2,\), got \(3,\)"
    ):
        Dual([1.0, 2.0], [1.0, 2.0, 3.0])


def test_reprs_show_values_not_addresses():
    assert repr(Tensor([1.0, 2.0]) * 2.0) == "Tensor([2. 4.], op='*')"
    assert repr(Dual([1.0, 2.0], [0.5, 0.0])) == "Dual([1. 2.], tangent=[0.5 0. ])"
