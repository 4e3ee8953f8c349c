"""Checks of the bodies of ``/v1/hello``, ``/v1/advance`` and ``/v1/score`` requests.

Each ``check_*`` function takes the raw body and the backend and returns the request's
values, ready for the backend, or raises ``RequestError`` whose one-line message names the
field that is wrong (the server answers it as a 400). Integers must be JSON integers (not
Booleans, not 2.0); tensors must be valid base64 of a whole number of float32 values, of
exactly the size the backend's layout implies, and finite.
"""
import json

from backend import PROTOCOL
from wire_tensor import TensorError, decode

MAXIMUM_ROWS = 4096


class RequestError(ValueError):
    """A request that cannot be served as it is; the message is one line."""


def parse_object(body):
    """The JSON object a request body holds."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise RequestError("the body is not UTF-8")
    try:
        message = json.loads(text)
    except ValueError as exception:
        raise RequestError("the body is not JSON (%s)" % str(exception).replace("\n", " "))
    if not isinstance(message, dict):
        raise RequestError("the body is not a JSON object")
    return message


def _integer(message, key):
    if key not in message:
        raise RequestError("%s: missing" % key)
    value = message[key]
    if isinstance(value, bool) or not isinstance(value, int):
        raise RequestError("%s: an integer expected, not %s" % (key, json.dumps(value)[:40]))
    return value


def _rows(message):
    rows = _integer(message, "rows")
    if not 1 <= rows <= MAXIMUM_ROWS:
        raise RequestError("rows: %d is outside 1...%d" % (rows, MAXIMUM_ROWS))
    return rows


def _tensor(message, key, count):
    if key not in message:
        raise RequestError("%s: missing" % key)
    try:
        return decode(message[key], count=count, name=key)
    except TensorError as exception:
        raise RequestError(str(exception))


def check_hello(body, backend):
    """The reward a hello asks for (the backend's default for null or no ``reward``)."""
    message = parse_object(body)
    protocol = message.get("protocol")
    if protocol != PROTOCOL:
        raise RequestError("protocol: %s is not %s" % (json.dumps(protocol)[:60], json.dumps(PROTOCOL)))
    reward = message.get("reward")
    if reward is None:
        return backend.default_reward
    if not isinstance(reward, str):
        raise RequestError("reward: a name or null expected, not %s" % json.dumps(reward)[:40])
    if reward not in backend.rewards:
        raise RequestError("reward: unknown reward %s; this server offers %s"
                           % (json.dumps(reward)[:60], ", ".join(backend.rewards)))
    return reward


def check_advance(body, backend):
    """(start, end, latents (n, L), noise (n, end - start, step_noise)) of an advance."""
    message = parse_object(body)
    start, end = _integer(message, "from"), _integer(message, "to")
    if not 0 <= start < end <= backend.steps:
        raise RequestError("from, to: %d, %d do not satisfy 0 <= from < to <= %d" % (start, end, backend.steps))
    rows = _rows(message)
    size = backend.latent_size
    latents = _tensor(message, "latents", rows * size).reshape(rows, size)
    noise = _tensor(message, "noise", rows * (end - start) * backend.step_noise)
    return start, end, latents, noise.reshape(rows, end - start, backend.step_noise)


def check_score(body, backend):
    """The latents (n, L) of a score request."""
    message = parse_object(body)
    rows = _rows(message)
    size = backend.latent_size
    return _tensor(message, "latents", rows * size).reshape(rows, size)
