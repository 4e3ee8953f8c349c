"""Measures of a terrain heightfield: slope, traversability, roughness and relief.

A heightfield is a 2-D array of heights in metres on a square grid whose cells are
``spacing`` metres apart (0.1 m is adaptive-terrain-diffusion's default horizontal scale).

- Slope at a cell: the angle, in degrees, of the gradient estimated with forward differences
  to the right and lower neighbours, atan(sqrt(dx^2 + dy^2)) with dx = (h[i, j+1] - h[i, j]) /
  spacing and dy = (h[i+1, j] - h[i, j]) / spacing, on the (H - 1) x (W - 1) cells that have
  both. Forward (not central) differences, so a checkerboard is as steep as it looks.
- Mean slope: the mean of those angles.
- Traversable fraction: the share of those cells whose slope is below a limit (15 degrees by
  default, a common limit for wheeled and legged ground robots).
- Roughness: the standard deviation, over interior cells, of the height minus the mean of its
  3 x 3 neighbourhood (metres): zero on any plane, 4a/9 on a checkerboard of step a.
- Relief: the highest height minus the lowest (metres).
"""
import numpy as np

DEFAULT_SPACING = 0.1
TRAVERSABLE_SLOPE = 15.0


def _field(heights):
    values = np.asarray(heights, dtype=np.float64)
    if values.ndim != 2 or min(values.shape) < 3:
        raise ValueError("a 2-D heightfield of at least 3 x 3 cells expected, not shape %s" % (values.shape,))
    if not np.isfinite(values).all():
        raise ValueError("a heightfield with non-finite heights")
    return values


def slope_angles(heights, spacing=DEFAULT_SPACING):
    """The slope of every cell with a right and a lower neighbour, in degrees: (H-1, W-1)."""
    h = _field(heights)
    dx = (h[:-1, 1:] - h[:-1, :-1]) / spacing
    dy = (h[1:, :-1] - h[:-1, :-1]) / spacing
    return np.degrees(np.arctan(np.hypot(dx, dy)))


def mean_slope(heights, spacing=DEFAULT_SPACING):
    """The mean slope in degrees."""
    return float(slope_angles(heights, spacing).mean())


def traversable_fraction(heights, spacing=DEFAULT_SPACING, limit=TRAVERSABLE_SLOPE):
    """The fraction of cells whose slope is below ``limit`` degrees, in [0, 1]."""
    return float((slope_angles(heights, spacing) < limit).mean())


def roughness(heights):
    """The standard deviation of the height minus its 3 x 3 local mean, interior cells (metres)."""
    h = _field(heights)
    rows, columns = h.shape
    local = np.zeros((rows - 2, columns - 2))
    for di in range(3):
        for dj in range(3):
            local += h[di:di + rows - 2, dj:dj + columns - 2]
    return float((h[1:-1, 1:-1] - local / 9.0).std())


def relief(heights):
    """The highest height minus the lowest (metres)."""
    h = _field(heights)
    return float(h.max() - h.min())
