import os
import stat

import pytest

from analysis.core import files


def test_write_text_replaces_whole_file(tmp_path):
    target = tmp_path / "out" / "page.html"
    files.write_text(target, "first")
    files.write_text(target, "second")
    assert target.read_text() == "second"
    assert [p.name for p in target.parent.iterdir()] == ["page.html"]
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~_umask()


def test_failed_write_keeps_previous_version(tmp_path):
    target = tmp_path / "page.html"
    target.write_text("good")
    with pytest.raises(RuntimeError), files.atomic_path(target) as temporary:
        temporary.write_text("half")
        raise RuntimeError("disk full")
    assert target.read_text() == "good"
    assert [p.name for p in tmp_path.iterdir()] == ["page.html"]


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
