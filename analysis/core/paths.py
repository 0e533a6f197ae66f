"""Project folders, resolved from the package so notebooks work from any working directory
(JupyterLab, papermill and nbval each start kernels in different folders)."""
from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA_DIR = ROOT / "data"
NOTEBOOKS_DIR = ROOT / "notebooks"
REPORTS_DIR = ROOT / "reports"
FIGURES_ENV = "ANALYSIS_FIGURES_DIR"
SAMPLE_ARTICLE = DATA_DIR / "isis-threatens-hamas.txt"


def figures_dir() -> Path:
    """Where notebooks save figures by default: $ANALYSIS_FIGURES_DIR, else ``figures/``."""
    return Path(os.environ.get(FIGURES_ENV) or ROOT / "figures")


def resolve(path: str | Path) -> Path:
    """A user's path as given if it exists, else relative to the project root."""
    path = Path(path).expanduser()
    if path.is_absolute() or path.exists():
        return path.resolve()
    candidate = ROOT / path
    return candidate if candidate.exists() else path.resolve()
