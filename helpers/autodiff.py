"""Automatic differentiation on NumPy arrays: the lecture's chain rule, run by a program.

**Reverse mode** (:class:`Tensor`). Every operation on a ``Tensor`` returns a new
node that remembers its parents and a *local backward rule*: given the gradient of
the final scalar with respect to the node's output (the *upstream* gradient), the
rule returns the gradient with respect to each parent. :meth:`Tensor.backward`
visits the nodes from the output back to the inputs, in a topological order, and
multiplies local derivatives as the chain rule says (lecture items 8, 13 and 14).
The rule of ``@`` is the lecture's worked example, ``dL/dW = X^T dL/dD`` (item 15).

**Forward mode** (:class:`Dual`, :func:`jvp`). Each value carries a *tangent*, the
derivative of the value along one chosen direction of the input; each operation
multiplies its local derivative into the tangent, from the input side. Its code is in
``helpers/_forward_mode.py``; import both modes from here.

Layout convention (the lecture's): a gradient has the shape of the thing it
differentiates by, so ``t.grad`` has the shape of ``t.data``; a Jacobian
``dy/dx`` of ``y`` in R^n with respect to ``x`` in R^m is ``n x m``.

:func:`exp`, :func:`log`, :func:`tanh`, :func:`sin` and :func:`cos` accept a ``Tensor``,
a ``Dual`` or a plain array, so one loss function written with them and with ``+ - * / ** @``,
``.sum()``, ``.mean()`` and ``.T`` can be evaluated on NumPy arrays (for
``helpers.calculus.gradient``), differentiated in reverse mode and in forward mode.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from numpy.typing import ArrayLike, NDArray

from helpers import _validate
from helpers._autodiff_checks import (
    NonFiniteError,
    as_data,
    check_broadcast,
    check_matmul,
    check_power,
    check_reduction,
    check_shape,
    finite_result,
    operand_type,
)
from helpers._forward_mode import Dual, jvp

__all__ = [
    "Dual",
    "Tensor",
    "cos",
    "exp",
    "gradient",
    "jvp",
    "log",
    "sin",
    "tanh",
    "topological_order",
]

Array = NDArray[np.float64]
Rule = Callable[[Array], tuple[Array | None, ...]]
Axis = int | tuple[int, ...] | None


# --------------------------------------------------------------------------- reverse mode
def _unbroadcast(grad: Array, shape: tuple[int, ...]) -> Array:
    """Sum ``grad`` back to ``shape``: the backward rule of NumPy's broadcasting.

    Broadcasting copies an entry along new or length-1 axes. Its Jacobian holds a
    1 for each copy, so ``(dy/dx)^T grad`` (lecture item 13) adds up the gradients
    of all the copies.
    """
    while grad.ndim > len(shape):
        grad = grad.sum(axis=0)
    for axis, length in enumerate(shape):
        if length == 1 and grad.shape[axis] != 1:
            grad = grad.sum(axis=axis, keepdims=True)
    return grad


def _node(value: Array, parents: tuple[Tensor, ...], rule: Rule, op: str) -> Tensor:
    """Make the result of an operation (its value is already checked by ``finite_result``)."""
    node = Tensor.__new__(Tensor)
    node.data, node.grad, node.parents, node.rule, node.op = value, None, parents, rule, op
    node.requires_grad = any(p.requires_grad for p in parents)
    return node


class Tensor:
    """A node of a computation graph: a float64 array, its parents and its backward rule.

    Parameters
    ----------
    data : array_like
        Finite real numbers (stored as float64).
    requires_grad : bool, default True
        False for a constant (data such as ``X`` or ``y``): no gradient is computed
        for it. NumPy arrays and numbers used as operands become such constants.

    Attributes
    ----------
    data : numpy.ndarray
        The value.
    grad : numpy.ndarray or None
        After ``backward()`` on an output: d(output)/d(this node), shaped like ``data``
        (None for a node that needs no gradient).
    parents : tuple of Tensor
        The nodes this one was computed from (empty for an input).
    rule : callable or None
        The local backward rule: upstream gradient -> one gradient per parent.
    op : str
        The operation that made this node (``"input"`` for an input).

    Raises
    ------
    TypeError
        If ``data`` is not real numbers (complex, strings, objects).
    ValueError
        If ``data`` contains NaN or infinity.

    Examples
    --------
    >>> x = Tensor([1.0, 2.0, 3.0])
    >>> loss = (x**2).sum()
    >>> loss.backward()
    >>> x.grad
    array([2., 4., 6.])
    >>> [node.op for node in topological_order(loss)]
    ['input', '**', 'sum']
    """

    __array_ufunc__ = None  # array + Tensor calls Tensor.__radd__; np.exp(Tensor) is a TypeError

    def __init__(self, data: ArrayLike, requires_grad: bool = True) -> None:
        self.data = as_data(data, "data")
        self.requires_grad = _validate.check_bool(requires_grad, "requires_grad")
        self.grad: Array | None = None
        self.parents: tuple[Tensor, ...] = ()
        self.rule: Rule | None = None
        self.op = "input"

    shape = property(lambda self: self.data.shape, doc="The shape of ``data``.")
    ndim = property(lambda self: self.data.ndim, doc="The number of axes of ``data``.")
    size = property(lambda self: self.data.size, doc="The number of entries of ``data``.")

    def __repr__(self) -> str:
        return f"Tensor({np.array2string(self.data, precision=4)}, op={self.op!r})"

    @staticmethod
    def _lift(other: object, op: str) -> Tensor:
        """Wrap a constant operand as an input node (its gradient is simply not used)."""
        if isinstance(other, Tensor):
            return other
        operand_type(other, op)
        return Tensor(other, requires_grad=False)

    def _pair(self, other: object, op: str) -> tuple[Tensor, Array, Array]:
        other = self._lift(other, op)
        check_broadcast(self.shape, other.shape, op)
        return other, self.data, other.data

    # Each operation: the forward value, and its local backward rule g -> (dL/da, dL/db).
    def __add__(self, other: object) -> Tensor:
        other, a, b = self._pair(other, "+")
        return _node(finite_result(lambda: a + b, "+"), (self, other), lambda g: (g, g), "+")

    def __sub__(self, other: object) -> Tensor:
        other, a, b = self._pair(other, "-")
        return _node(finite_result(lambda: a - b, "-"), (self, other), lambda g: (g, -g), "-")

    def __mul__(self, other: object) -> Tensor:
        other, a, b = self._pair(other, "*")  # d(ab)/da = b, d(ab)/db = a
        return _node(
            finite_result(lambda: a * b, "*"), (self, other), lambda g: (g * b, g * a), "*"
        )

    def __truediv__(self, other: object) -> Tensor:
        other, a, b = self._pair(other, "/")  # d(a/b)/da = 1/b, d(a/b)/db = -a/b^2
        rule = lambda g: (g / b, -g * a / b**2)  # noqa: E731
        return _node(finite_result(lambda: a / b, "/"), (self, other), rule, "/")

    def __neg__(self) -> Tensor:
        return _node(-self.data, (self,), lambda g: (-g,), "neg")

    def __pow__(self, p: object) -> Tensor:
        p, a = check_power(p), self.data  # d(a^p)/da = p a^(p-1)
        return _node(
            finite_result(lambda: a**p, "**"), (self,), lambda g: (g * p * a ** (p - 1),), "**"
        )

    def __matmul__(self, other: object) -> Tensor:
        other = self._lift(other, "@")
        check_matmul(self.shape, other.shape)
        X, W = self.data, other.data
        X2, W2 = X.reshape(-1, X.shape[-1]), W.reshape(W.shape[0], -1)  # vectors as matrices

        def rule(g: Array) -> tuple[Array | None, Array | None]:
            dL_dD = g.reshape(X2.shape[0], W2.shape[1])
            # Lecture item 15: D = XW gives dL/dW = X^T dL/dD.
            # The same steps, with the roles swapped, give dL/dX = dL/dD W^T.
            dL_dW = (X2.T @ dL_dD).reshape(W.shape) if other.requires_grad else None
            dL_dX = (dL_dD @ W2.T).reshape(X.shape) if self.requires_grad else None
            return dL_dX, dL_dW

        return _node(finite_result(lambda: X @ W, "@"), (self, other), rule, "@")

    __radd__ = __add__
    __rmul__ = __mul__

    def __rsub__(self, other: object) -> Tensor:
        return self._lift(other, "-") - self

    def __rtruediv__(self, other: object) -> Tensor:
        return self._lift(other, "/") / self

    def __rmatmul__(self, other: object) -> Tensor:
        return self._lift(other, "@") @ self

    def sum(self, axis: Axis = None, *, keepdims: bool = False) -> Tensor:
        """Sum over ``axis`` (all axes by default); each entry gets the upstream gradient."""
        axis, keepdims = check_reduction(axis, keepdims, self.ndim)
        a = self.data

        def rule(g: Array) -> tuple[Array]:
            if axis is not None and not keepdims:
                g = np.expand_dims(g, axis)
            return (np.broadcast_to(g, a.shape),)

        total = finite_result(lambda: a.sum(axis=axis, keepdims=keepdims), "sum")
        return _node(total, (self,), rule, "sum")

    def mean(self, axis: Axis = None, *, keepdims: bool = False) -> Tensor:
        """Mean over ``axis`` (all axes by default): the sum times 1 / (entries summed)."""
        if self.size == 0:
            raise ValueError("the mean of a Tensor without entries is not defined")
        total = self.sum(axis, keepdims=keepdims)
        return total * (total.size / self.size)

    @property
    def T(self) -> Tensor:
        """The transpose (axes reversed); the gradient is transposed back."""
        return _node(self.data.T, (self,), lambda g: (g.T,), "T")

    def reshape(self, *shape: int) -> Tensor:
        """Return the same entries in a new shape; the gradient is reshaped back."""
        old, new = self.shape, check_shape(shape, self.shape)
        return _node(self.data.reshape(new), (self,), lambda g: (g.reshape(old),), "reshape")

    def __getitem__(self, index: object) -> Tensor:
        """Select entries as NumPy does; their gradients go back to the selected places."""
        a = self.data

        def rule(g: Array) -> tuple[Array]:
            full = np.zeros(a.shape)
            np.add.at(full, index, g)  # an entry selected twice receives both gradients
            return (full,)

        return _node(a[index], (self,), rule, "[]")

    def backward(self, grad: ArrayLike | None = None) -> None:
        """Fill ``.grad`` of every node this one was computed from with d(self)/d(node).

        Parameters
        ----------
        grad : array_like, optional
            The seed: the gradient of some scalar with respect to this node, shaped
            like ``data``. It may be left out when this node holds a single number
            (a loss); the seed is then 1.

        Raises
        ------
        ValueError
            If ``grad`` is left out for a node with more than one entry, or has the
            wrong shape; if a backward rule gives a non-finite gradient.

        Notes
        -----
        Gradients are recomputed, not accumulated: each call first sets ``.grad`` of
        every node of the graph to zeros.
        """
        if grad is None:
            if self.size != 1:
                raise ValueError(
                    f"backward() without a seed gradient needs a scalar output (a loss), got "
                    f"shape {self.shape}; pass grad=, an array of shape {self.shape}"
                )
            seed = np.ones(self.shape)
        else:
            seed = as_data(grad, "grad")
            if seed.shape != self.shape:
                raise ValueError(
                    f"grad must have the output's shape {self.shape}, got {seed.shape}"
                )
        order = [node for node in topological_order(self) if node.requires_grad]
        for node in order:
            node.grad = np.zeros(node.shape)
        self.grad = seed.copy()
        for node in reversed(order):  # from the output back to the inputs
            if node.rule is None:
                continue
            with np.errstate(all="ignore"):
                local = node.rule(node.grad)
            for parent, g in zip(node.parents, local, strict=True):
                if not parent.requires_grad:
                    continue  # a constant: its gradient is not needed
                # The chain rule (lecture items 8, 13, 14): the upstream gradient times this
                # node's local derivative, added up over every path that reaches the parent.
                parent.grad += _unbroadcast(g, parent.shape)
                if not np.all(np.isfinite(parent.grad)):
                    raise ValueError(f"the backward rule of {node.op} gave a non-finite gradient")


def topological_order(output: Tensor) -> list[Tensor]:
    """List the nodes ``output`` depends on, each after all of its parents.

    Parameters
    ----------
    output : Tensor
        The last node of a computation.

    Returns
    -------
    list of Tensor
        Inputs first, ``output`` last; every node once, however many paths reach it.

    Examples
    --------
    >>> x = Tensor(2.0)
    >>> y = x * x + x
    >>> [node.op for node in topological_order(y)]
    ['input', '*', '+']
    """
    if not isinstance(output, Tensor):
        raise TypeError(f"output must be a Tensor, got {type(output).__name__}")
    order: list[Tensor] = []
    seen: set[int] = set()
    stack: list[tuple[Tensor, bool]] = [(output, False)]
    while stack:  # depth-first, without recursion so that deep graphs work
        node, parents_done = stack.pop()
        if parents_done:
            order.append(node)
        elif id(node) not in seen:
            seen.add(id(node))
            stack.append((node, True))
            stack.extend((p, False) for p in node.parents if id(p) not in seen)
    return order


def gradient(f: Callable[..., Tensor], *inputs: ArrayLike) -> Array | tuple[Array, ...]:
    """Gradient of a scalar function by reverse mode: one forward and one backward pass.

    Parameters
    ----------
    f : callable
        Takes one ``Tensor`` per input and returns a scalar ``Tensor``, built with
        Tensor operations.
    *inputs : array_like
        The point(s) at which to differentiate.

    Returns
    -------
    numpy.ndarray or tuple of numpy.ndarray
        ``df/dinput`` for each input, shaped like that input (one array for one input).

    Raises
    ------
    TypeError
        If ``f`` is not callable, or does not return a Tensor.
    ValueError
        If an input is not finite, or ``f`` does not return a single number.

    Examples
    --------
    The lecture's ``f(x, y) = x^2 + xy + y^2`` has gradient ``(2x + y, x + 2y)``:

    >>> gradient(lambda x, y: x**2 + x * y + y**2, 1.0, 2.0)
    (array(4.), array(5.))
    """
    _validate.check_callable(f, "f")
    tensors = [
        Tensor(_validate.as_float_array(x, f"inputs[{i}]", allow_bool=False))
        for i, x in enumerate(inputs)
    ]
    try:
        out = f(*tensors)
    except NonFiniteError as error:
        raise NonFiniteError(f"f is not finite at these inputs: {error}") from None
    if not isinstance(out, Tensor):
        raise TypeError(f"f must return a Tensor, got {type(out).__name__}")
    if out.size != 1:
        raise ValueError(
            f"f must return a scalar output (a loss) for these inputs, got shape {out.shape}"
        )
    out.backward()
    grads = tuple(np.zeros(t.shape) if t.grad is None else t.grad for t in tensors)
    return grads[0] if len(grads) == 1 else grads


# --------------------------------------------------------------------------- functions
# Elementwise functions y = f(x) with their local derivatives dy/dx, written with x and y.
# Both modes use this one table: reverse mode multiplies the upstream gradient by the local
# derivative, forward mode multiplies the tangent by it.
_ELEMENTWISE: dict[str, tuple[Callable[[Array], Array], Callable[[Array, Array], Array]]] = {
    "exp": (np.exp, lambda x, y: y),
    "log": (np.log, lambda x, y: 1 / x),
    "tanh": (np.tanh, lambda x, y: 1 - y**2),
    "sin": (np.sin, lambda x, y: np.cos(x)),
    "cos": (np.cos, lambda x, y: -np.sin(x)),
}


def _elementwise(name: str, x: Tensor | Dual | ArrayLike) -> Tensor | Dual | Array:
    f, local_derivative = _ELEMENTWISE[name]
    if isinstance(x, Tensor):
        y = finite_result(lambda: f(x.data), name)
        d = local_derivative(x.data, y)
        return _node(y, (x,), lambda g: (g * d,), name)
    if isinstance(x, Dual):
        y = finite_result(lambda: f(x.value), name)
        return Dual(y, finite_result(lambda: local_derivative(x.value, y) * x.tangent, name))
    values = _validate.as_float_array(x, "x", allow_bool=False)
    with np.errstate(all="ignore"):
        y = f(values)
    if not np.all(np.isfinite(y)):
        where = float(np.ravel(values)[np.flatnonzero(~np.isfinite(np.ravel(y)))[0]])
        raise ValueError(
            f"{name}(x) is not finite at x = {where!r}: x is outside the domain of {name}, "
            f"or {name}(x) overflows"
        )
    return y


def exp(x: Tensor | Dual | ArrayLike) -> Tensor | Dual | Array:
    """Elementwise ``e**x`` of a Tensor, a Dual or an array (``np.exp`` for arrays).

    Its local derivative is its own value.

    Examples
    --------
    >>> x = Tensor([0.0, 1.0])
    >>> exp(x).sum().backward()
    >>> np.round(x.grad, 4)
    array([1.    , 2.7183])
    """
    return _elementwise("exp", x)


def log(x: Tensor | Dual | ArrayLike) -> Tensor | Dual | Array:
    """Elementwise natural logarithm of a Tensor, a Dual or an array (``np.log``).

    Its local derivative is ``1 / x``; ``x`` must be positive.

    Examples
    --------
    >>> float(log(Dual(2.0, 3.0)).tangent)   # d log(x) = dx / x
    1.5
    """
    return _elementwise("log", x)


def tanh(x: Tensor | Dual | ArrayLike) -> Tensor | Dual | Array:
    """Elementwise ``tanh`` of a Tensor, a Dual or an array (``np.tanh``).

    Its local derivative is ``1 - tanh(x)**2``.

    Examples
    --------
    >>> t = Tensor(0.0)
    >>> tanh(t).backward()
    >>> float(t.grad)
    1.0
    """
    return _elementwise("tanh", x)


def sin(x: Tensor | Dual | ArrayLike) -> Tensor | Dual | Array:
    """Elementwise ``sin`` of a Tensor, a Dual or an array (``np.sin``); derivative ``cos``.

    Examples
    --------
    >>> float(sin(Dual(0.0, 1.0)).tangent)
    1.0
    """
    return _elementwise("sin", x)


def cos(x: Tensor | Dual | ArrayLike) -> Tensor | Dual | Array:
    """Elementwise ``cos`` of a Tensor, a Dual or an array (``np.cos``); derivative ``-sin``.

    Examples
    --------
    >>> float(cos(np.pi))
    -1.0
    """
    return _elementwise("cos", x)
