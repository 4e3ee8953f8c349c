"""Tests of wire_tensor: base64 float32 tensors, exactly as the protocol writes them."""
import base64
import os
import sys
import unittest

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from wire_tensor import TensorError, decode, encode  # noqa: E402


class WireTensorTests(unittest.TestCase):
    def test_round_trip_is_exact(self):
        values = np.random.default_rng(1).standard_normal(1000).astype(np.float32)
        values[:4] = [0.0, -0.0, 1e-40, np.finfo(np.float32).max]
        back = decode(encode(values), count=1000)
        self.assertEqual(back.dtype, np.float32)
        self.assertEqual(back.tobytes(), values.tobytes())

    def test_little_endian_float32(self):
        self.assertEqual(encode([1.0]), "AACAPw==")
        self.assertEqual(encode(np.array([[1.0, 2.0]])), base64.b64encode(np.array([1, 2], "<f4").tobytes()).decode())
        self.assertEqual(decode("AACAPw==").tolist(), [1.0])
        self.assertEqual(decode("", count=0).size, 0)

    def test_bad_tensors_say_why_in_one_line(self):
        cases = [
            (None, "a base64 string expected, not null"),
            (12, "not a number"),
            ([1.0], "not an array"),
            ("AACAP", "invalid base64"),
            ("AAC*Pw==", "invalid base64"),
            ("é", "invalid base64"),
            (base64.b64encode(b"12345").decode(), "5 bytes, not a whole number of float32 values"),
            (encode([1.0, 2.0]), "2 values, expected 3"),
            (encode([1.0, np.nan]), "non-finite value at index 1"),
            (encode([np.inf]), "non-finite value at index 0"),
        ]
        for text, reason in cases:
            with self.assertRaises(TensorError, msg=repr(text)) as caught:
                decode(text, count=3 if reason.startswith("2 values") else None, name="latents")
            message = str(caught.exception)
            self.assertIn(reason, message)
            self.assertTrue(message.startswith("latents: "), message)
            self.assertNotIn("\n", message)

    def test_non_finite_values_may_be_allowed(self):
        self.assertTrue(np.isnan(decode(encode([np.nan]), finite=False)[0]))


if __name__ == "__main__":
    unittest.main()
