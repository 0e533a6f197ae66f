import subprocess
import sys

import pytest

from analysis.core import locks

HOLD = ("import sys, time; from pathlib import Path; from analysis.core import locks; "
        "descriptor = locks.try_lock(Path(sys.argv[1])); print('held', flush=True); "
        "time.sleep(60)")


def holder(folder):
    process = subprocess.Popen([sys.executable, "-c", HOLD, str(folder)],
                               stdout=subprocess.PIPE, text=True)
    assert process.stdout.readline().strip() == "held"
    return process


def test_a_folder_held_by_a_live_process_is_busy_until_it_is_killed(tmp_path):
    process = holder(tmp_path)
    try:
        with pytest.raises(locks.FolderBusy, match="another run is writing"), \
                locks.owned(tmp_path, "--out"):
            pass
        assert not locks.is_abandoned(tmp_path)
    finally:
        process.kill()
        process.wait()
    assert locks.is_abandoned(tmp_path)
    with locks.owned(tmp_path, "--out"):
        assert not locks.is_abandoned(tmp_path)
    assert locks.is_abandoned(tmp_path)


def test_a_folder_without_a_lock_file_is_not_taken_for_abandoned(tmp_path):
    assert not locks.is_abandoned(tmp_path)


def test_a_folder_that_cannot_hold_a_lock_says_so_in_one_line(tmp_path):
    with pytest.raises(locks.AnalysisError, match="cannot be written"), \
            locks.owned(tmp_path / "missing", "--out"):
        pass
