"""Typed errors: one exception class per error kind of the library, under one base.

The classes are made from the library's own list of kinds (``_native.error_kinds()``),
so each carries the reason name (``kind``) and the exit status (``exit_status``) that
the CLI prints and exits with for the same file; ``str(e)`` is the CLI's error line,
``FILE: reason``. A kind added to the library becomes a class here without an edit.

Class names are the kind in CamelCase plus ``Error``: ``not_pdf`` is
:class:`NotPdfError`, ``no_text_layer`` is :class:`NoTextLayerError`. A few also
derive from the built-in exception of the same meaning, so ``except OSError`` catches
an unreadable file and ``except ValueError`` bad input.
"""

from __future__ import annotations

import builtins
from typing import Dict, Type

from . import _native

__all__ = ["PiaoError", "by_kind", "from_native"]


class PiaoError(Exception):
    """Base of every piao-extract error.

    Attributes: ``path`` (the input as named), ``reason`` (the one-line message),
    and on the class ``kind`` (the reason name) and ``exit_status`` (the CLI's).
    """

    kind: str = ""
    exit_status: int = 1

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason

    def __reduce__(self):  # picklable: errors cross process boundaries (Dask, Ray)
        return (type(self), (self.path, self.reason))


# Built-in exceptions that mean the same thing, as second bases.
_BUILTIN_BASE = {
    "invalid_input": builtins.ValueError,
    "io": builtins.OSError,
    "timeout": builtins.TimeoutError,
}


def _class_name(kind: str) -> str:
    return "".join(part.capitalize() for part in kind.split("_")) + "Error"


def _make(kind: str, exit_status: int) -> Type[PiaoError]:
    bases = (PiaoError,) + ((_BUILTIN_BASE[kind],) if kind in _BUILTIN_BASE else ())
    name = _class_name(kind)
    doc = f"The library's ``{kind}`` error (CLI exit status {exit_status})."
    namespace = {"kind": kind, "exit_status": exit_status, "__doc__": doc, "__module__": __name__}
    return type(name, bases, namespace)


_BY_KIND: Dict[str, Type[PiaoError]] = {
    kind: _make(kind, status) for kind, status in _native.error_kinds()
}
globals().update({cls.__name__: cls for cls in _BY_KIND.values()})
__all__ += [cls.__name__ for cls in _BY_KIND.values()]


def by_kind() -> Dict[str, Type[PiaoError]]:
    """Every error class by its reason name (``"encrypted"`` → ``EncryptedError``)."""
    return dict(_BY_KIND)


def from_native(e: BaseException) -> PiaoError:
    """The typed error of a ``_native.NativeError(kind, exit_status, path, reason)``."""
    kind, _status, path, reason = e.args
    return _BY_KIND[kind](path, reason)
