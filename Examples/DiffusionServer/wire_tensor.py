"""Tensors on the wire of the denoising-generator protocol (``tessera-denoising/1``).

A tensor travels as a JSON string: the base64 of its values as little-endian IEEE-754
float32, row-major (Docs/DiffusionProtocol.md, "Tensors"). ``encode`` writes one from any
array; ``decode`` reads one back into a flat float32 array and says in one line what is
wrong when it cannot.
"""
import base64
import binascii

import numpy as np


class TensorError(ValueError):
    """A tensor string that cannot be read; the message is one line."""


def encode(values):
    """The base64 string of ``values`` as little-endian float32, row-major."""
    return base64.b64encode(np.ascontiguousarray(values, dtype="<f4").tobytes()).decode("ascii")


def decode(text, count=None, name="tensor", finite=True):
    """The flat float32 array a tensor string holds.

    ``count``, when given, is the number of values expected; ``finite`` rejects NaN and
    infinities. Raises ``TensorError`` naming ``name`` on anything else.
    """
    if not isinstance(text, str):
        raise TensorError("%s: a base64 string expected, not %s" % (name, _kind(text)))
    try:
        raw = base64.b64decode(text.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError, ValueError) as exception:
        raise TensorError("%s: invalid base64 (%s)" % (name, str(exception).replace("\n", " ")))
    if len(raw) % 4:
        raise TensorError("%s: %d bytes, not a whole number of float32 values" % (name, len(raw)))
    values = np.frombuffer(raw, dtype="<f4").astype(np.float32)
    if count is not None and values.size != count:
        raise TensorError("%s: %d values, expected %d" % (name, values.size, count))
    if finite and values.size and not np.isfinite(values).all():
        index = int(np.flatnonzero(~np.isfinite(values))[0])
        raise TensorError("%s: a non-finite value at index %d" % (name, index))
    return values


def _kind(value):
    """The JSON name of a decoded JSON value's type, for error messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a Boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__
