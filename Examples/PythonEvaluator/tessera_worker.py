"""Tessera's evaluator protocol, version 1, for Python: standard library only.

Turns ``evaluate(genome, seed) -> (objective, descriptor)`` (or a function over a whole
batch) into a worker that Tessera runs as a process and talks to over stdin/stdout, one
JSON object per line (Docs/EvaluatorProtocol.md). Import it by path:

    import sys, os
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from tessera_worker import serve

    def evaluate(genome, seed):
        return -sum(x * x for x in genome), [genome[0], genome[1]]

    serve(evaluate, dimension=10, descriptor_lower=[-1, -1], descriptor_upper=[1, 1])

``evaluate`` may also return ``(objective, descriptor, observation)`` or a dict with the
keys ``objective``, ``descriptor`` and optionally ``observation`` and ``metadata``. An
exception fails that row alone: its message goes back to Tessera as the row's reason.
"""
import base64
import json
import math
import struct
import sys

PROTOCOL_VERSION = 1
BASE64_THRESHOLD = 64


def _number(value):
    """A float as the protocol writes it: a JSON number, or "nan", "inf", "-inf"."""
    value = float(value)
    if math.isnan(value):
        return "nan"
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    return value


def _vector(values):
    values = [float(v) for v in values]
    if len(values) >= BASE64_THRESHOLD:
        return {"base64": base64.b64encode(struct.pack("<%dd" % len(values), *values)).decode("ascii")}
    return [_number(v) for v in values]


def _read_number(value):
    if isinstance(value, str):
        return {"nan": math.nan, "inf": math.inf, "-inf": -math.inf}[value]
    if isinstance(value, bool):
        raise ValueError("a Boolean is not a number")
    return float(value)


def _read_vector(value):
    if isinstance(value, dict):
        raw = base64.b64decode(value["base64"], validate=True)
        if len(raw) % 8:
            raise ValueError("base64 of a whole number of doubles expected")
        return list(struct.unpack("<%dd" % (len(raw) // 8), raw))
    return [_read_number(v) for v in value]


def _dumps(message):
    # Python's repr of a float is its shortest round-trip decimal, as Tessera's.
    return json.dumps(message, allow_nan=False, separators=(",", ":"))


def domain(dimension, descriptor_lower, descriptor_upper, genome_lower=None, genome_upper=None,
           descriptor_names=None, objective_lower=None, objective_upper=None, observation_dimension=0):
    """The domain a worker declares in its ``ready`` message."""
    declared = {
        "genome": {"dimension": int(dimension)},
        "descriptors": {"lower": _vector(descriptor_lower), "upper": _vector(descriptor_upper)},
    }
    if genome_lower is not None or genome_upper is not None:
        declared["genome"]["lower"] = _vector(genome_lower)
        declared["genome"]["upper"] = _vector(genome_upper)
    if descriptor_names is not None:
        declared["descriptors"]["names"] = list(descriptor_names)
    if objective_lower is not None and objective_upper is not None:
        declared["objective"] = {"lower": _number(objective_lower), "upper": _number(objective_upper)}
    if observation_dimension:
        declared["observation"] = {"dimension": int(observation_dimension)}
    return declared


def _result(item_id, answer):
    """The ``result`` message of one row from what the user's function returned."""
    if isinstance(answer, dict):
        objective, descriptor = answer["objective"], answer["descriptor"]
        observation, metadata = answer.get("observation"), answer.get("metadata")
    else:
        answer = tuple(answer)
        objective, descriptor = answer[0], answer[1]
        observation = answer[2] if len(answer) > 2 else None
        metadata = None
    message = {"type": "result", "id": item_id, "objective": _number(objective), "descriptor": _vector(descriptor)}
    if observation is not None:
        message["observation"] = _vector(observation)
    if metadata:
        message["metadata"] = {str(k): (v if isinstance(v, str) else _number(v)) for k, v in metadata.items()}
    return message


def _error(item_id, exception):
    reason = ("%s: %s" % (type(exception).__name__, exception)).replace("\n", " ").strip()
    return {"type": "result", "id": item_id, "error": reason[:500]}


def handle(line, declared, evaluate=None, evaluate_batch=None):
    """The answer lines to one request line (an empty list for shutdown's None)."""
    message = json.loads(line)
    kind = message.get("type")
    if kind == "hello":
        return [{"type": "ready", "protocol": PROTOCOL_VERSION, "domain": declared}]
    if kind == "shutdown":
        return None
    if kind != "evaluate":
        raise ValueError("unexpected message type %r" % (kind,))
    items = message["items"]
    genomes = [_read_vector(item["genome"]) for item in items]
    seeds = [int(item["seed"]) for item in items]
    answers = []
    if evaluate_batch is not None:
        try:
            outcomes = list(evaluate_batch(genomes, seeds))
            if len(outcomes) != len(items):
                raise ValueError("the batch function returned %d answers for %d genomes" % (len(outcomes), len(items)))
        except Exception as exception:  # the whole batch failed: every row says why
            return [_error(item["id"], exception) for item in items]
        for item, outcome in zip(items, outcomes):
            try:
                answers.append(_result(item["id"], outcome))
            except Exception as exception:
                answers.append(_error(item["id"], exception))
        return answers
    for item, genome, seed in zip(items, genomes, seeds):
        try:
            answers.append(_result(item["id"], evaluate(genome, seed)))
        except Exception as exception:
            answers.append(_error(item["id"], exception))
    return answers


def serve(evaluate=None, *, evaluate_batch=None, stdin=None, stdout=None, **domain_arguments):
    """Runs a protocol worker on stdin/stdout until Tessera sends ``shutdown``.

    Pass ``evaluate(genome, seed)`` for one row at a time, or ``evaluate_batch(genomes,
    seeds)`` returning one answer per genome; the keyword arguments are those of
    ``domain``. Anything the function prints goes to stderr, never into the protocol.
    """
    if (evaluate is None) == (evaluate_batch is None):
        raise TypeError("pass exactly one of evaluate and evaluate_batch")
    declared = domain(**domain_arguments)
    source = stdin or sys.stdin
    sink = stdout or sys.stdout
    if stdout is None:
        sys.stdout = sys.stderr  # user prints must not corrupt the protocol stream
    for line in source:
        if not line.strip():
            continue
        answers = handle(line, declared, evaluate, evaluate_batch)
        if answers is None:
            break
        for answer in answers:
            sink.write(_dumps(answer) + "\n")
        sink.flush()
