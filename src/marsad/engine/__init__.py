"""Execution, separate from processing: every engine runs `marsad.process.process` unchanged."""
