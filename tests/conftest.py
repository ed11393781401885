from __future__ import annotations

import os
from pathlib import Path

import pytest

# shared/ lies beside the repository (../shared), for developers and CI alike; MARSAD_SHARED overrides it.
SHARED = Path(os.environ.get("MARSAD_SHARED", Path(__file__).resolve().parents[2] / "shared")) / "data"


@pytest.fixture(scope="session")
def shared() -> Path:
    if not SHARED.exists():
        pytest.fail(f"shared test data not found at {SHARED}")
    return SHARED
