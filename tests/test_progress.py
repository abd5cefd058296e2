"""Build progress in a log: a line every few seconds with the time left (indexer/progress.py)."""

from indexer.progress import ProgressLines, clock_text


def test_a_long_stage_writes_a_few_lines_each_with_the_time_left():
    now = [0.0]
    lines = []
    progress = ProgressLines(lines.append, every=10.0, clock=lambda: now[0])
    for done in range(1, 28_739):          # 28,738 chunks over 287 s
        now[0] = done * 0.01
        progress("chunks", done, 28_738)
    assert 25 <= len(lines) <= 32            # not 28,738
    assert lines[0] == "chunks: 1/28,738 (0%), 0:00 so far"          # no rate yet
    assert lines[1].startswith("chunks: 1,001/28,738 (3%), 0:10 so far, about 4:")
    middle = lines[len(lines) // 2]
    assert "so far, about 2:" in middle      # halfway through: about two and a half minutes left
    assert lines[-1] == "chunks: 28,738/28,738 (100%), 4:47 so far"


def test_each_stage_has_its_own_clock():
    now = [0.0]
    lines = []
    progress = ProgressLines(lines.append, clock=lambda: now[0])
    progress("documents", 4, 4)
    now[0] = 100.0
    progress("chunks", 0, 71)
    now[0] = 110.0
    progress("chunks", 71, 71)
    assert lines == ["documents: 4/4 (100%), 0:00 so far", "chunks: 0/71 (0%), 0:00 so far",
                     "chunks: 71/71 (100%), 0:10 so far"]


def test_clock_text():
    assert [clock_text(s) for s in (7, 331, 3909)] == ["0:07", "5:31", "1:05:09"]
