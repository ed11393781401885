"""PLOVER's quad classes for the charts: marsad.events.quad, re-exported here (it lives outside the web package
so that the exports use it without web code)."""

from __future__ import annotations

from marsad.events.quad import QUADS, TYPE_QUAD, dominant, quad_of

__all__ = ["QUADS", "TYPE_QUAD", "dominant", "quad_of"]
