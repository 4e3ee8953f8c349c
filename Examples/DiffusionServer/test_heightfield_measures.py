"""Tests of heightfield_measures on synthetic heightfields, and of the model-unit decoding."""
import math
import os
import sys
import unittest

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import heightfield_measures as measures  # noqa: E402
from terrain_model import HEIGHT_RANGE, heights_in_metres  # noqa: E402


def plane(degrees, size=32, spacing=0.1, along=1):
    """A plane rising at ``degrees`` along columns (along=1) or rows (along=0)."""
    grade = math.tan(math.radians(degrees))
    rows, columns = np.indices((size, size)) * spacing
    return 3.0 + grade * (columns if along == 1 else rows)


def checkerboard(step, size=32):
    rows, columns = np.indices((size, size))
    return step * ((rows + columns) % 2).astype(np.float64)


class HeightfieldMeasureTests(unittest.TestCase):
    def test_flat(self):
        flat = np.full((16, 20), 2.5)
        self.assertEqual(measures.mean_slope(flat), 0.0)
        self.assertEqual(measures.traversable_fraction(flat), 1.0)
        self.assertEqual(measures.roughness(flat), 0.0)
        self.assertEqual(measures.relief(flat), 0.0)
        self.assertEqual(measures.slope_angles(flat).shape, (15, 19))

    def test_plane_of_known_slope(self):
        for degrees in (5.0, 14.9, 15.1, 40.0):
            for along in (0, 1):
                field = plane(degrees, along=along)
                self.assertAlmostEqual(measures.mean_slope(field), degrees, places=9)
                self.assertEqual(measures.traversable_fraction(field), 1.0 if degrees < 15 else 0.0)
                self.assertAlmostEqual(measures.roughness(field), 0.0, places=12)
                self.assertAlmostEqual(measures.relief(field), 31 * 0.1 * math.tan(math.radians(degrees)), places=9)
        diagonal = plane(10.0) + plane(10.0, along=0) - 3.0
        grade = math.tan(math.radians(10.0)) * math.sqrt(2)
        self.assertAlmostEqual(measures.mean_slope(diagonal), math.degrees(math.atan(grade)), places=9)
        self.assertAlmostEqual(measures.mean_slope(plane(20.0, spacing=0.5), spacing=0.5), 20.0, places=9)

    def test_checkerboard(self):
        step = 0.01
        field = checkerboard(step)
        grade = step * math.sqrt(2) / 0.1
        self.assertAlmostEqual(measures.mean_slope(field), math.degrees(math.atan(grade)), places=9)
        self.assertAlmostEqual(measures.roughness(field), 4 * step / 9, places=12)
        self.assertEqual(measures.traversable_fraction(field), 1.0, "atan(0.141) is 8 degrees")
        self.assertEqual(measures.traversable_fraction(checkerboard(0.05)), 0.0, "atan(0.707) is 35 degrees")
        self.assertAlmostEqual(measures.relief(field), step)
        self.assertEqual(measures.traversable_fraction(field, limit=1.0), 0.0)

    def test_mixed_field(self):
        field = plane(5.0)
        field[:, 16:] = plane(30.0)[:, 16:] - plane(30.0)[:, 16:17] + field[:, 16:17]
        fraction = measures.traversable_fraction(field)
        self.assertAlmostEqual(fraction, 16 / 31, places=9)

    def test_bad_fields(self):
        for bad in (np.zeros(10), np.zeros((2, 5)), np.full((4, 4), np.nan)):
            with self.assertRaises(ValueError):
                measures.roughness(bad)


class DecodingTests(unittest.TestCase):
    def test_model_units_to_metres(self):
        values = np.array([[-1.0, 1.0, 0.0], [-2.0, 2.0, -1.0], [-1.0, -1.0, -1.0]])
        heights = heights_in_metres(values)
        self.assertEqual(heights[0, 0], 0.0)
        self.assertAlmostEqual(heights[0, 1], HEIGHT_RANGE, places=9)
        self.assertEqual(heights[1, 0], 0.0, "clipped below")
        self.assertAlmostEqual(heights[1, 1], HEIGHT_RANGE, places=9)
        self.assertAlmostEqual(heights[0, 2], 0.1 * math.sinh(0.5 * math.asinh(HEIGHT_RANGE / 0.1)), places=12)
        lifted = heights_in_metres(np.full((3, 3), 0.5))
        self.assertEqual(lifted.max(), 0.0, "the lowest point is moved to 0")


if __name__ == "__main__":
    unittest.main()
