"""The quote check: one Aho–Corasick pass per document finds exactly what ``in`` would find,
and a quote that is not found still gets its hint. (Speed: bench/quotes.py, not a test.)"""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from graph_build.cli.main import main
from graph_build.plans import checks
from graph_build.plans.checks import normalise_for_quote, occurring

SAMPLE = Path(__file__).parent / "data" / "plans" / "mini-2021-2030"

small_text = st.text(alphabet="ab ", max_size=60)


@settings(max_examples=300, deadline=None)
@given(text=small_text, patterns=st.sets(st.text(alphabet="ab ", max_size=8), max_size=12))
def test_occurring_is_substring_membership(text, patterns):
    assert occurring(text, patterns) == {p for p in patterns if p in text}


@settings(max_examples=200, deadline=None)
@given(text=small_text, patterns=st.sets(st.text(alphabet="ab", min_size=1, max_size=6), max_size=12))
def test_occurring_with_rebuilds_and_batches_is_still_exact(text, patterns):
    # no slack and tiny automata: every re-report forces a rebuild, every few patterns a new batch
    previous = checks.REBUILD_SLACK, checks.MAX_AUTOMATON_CHARS
    checks.REBUILD_SLACK, checks.MAX_AUTOMATON_CHARS = 0, 7
    try:
        assert occurring(text, patterns) == {p for p in patterns if p in text}
    finally:
        checks.REBUILD_SLACK, checks.MAX_AUTOMATON_CHARS = previous


def test_nested_patterns_over_a_long_run_are_all_found():
    # "a", "aa", … "a"*1000 over a run of a's: every position ends 1000 occurrences; rebuilding
    # without the patterns already found keeps the pass short, and the answer exact
    patterns = {"a" * n for n in range(1, 1001)} | {"a" * 500 + "b"}
    assert occurring("a" * 200_000, patterns) == patterns - {"a" * 500 + "b"}


def _plan_with_quote(tmp_path: Path, quote: str) -> Path:
    folder = tmp_path / "mini-2021-2030"
    shutil.copytree(SAMPLE, folder)
    text = (folder / "plan.yaml").read_text(encoding="utf-8")
    (folder / "plan.yaml").write_text(text.replace('quote: "2 khâu đột phá"', f'quote: "{quote}"'), encoding="utf-8")
    return folder


def test_a_quote_that_stops_matching_says_where(tmp_path):
    folder = _plan_with_quote(tmp_path, "ưu tiên thực hiện 7 dự án")
    result = CliRunner().invoke(main, ["validate", str(folder)])
    assert result.exit_code == 1, result.output
    assert (
        "quote not found in 'mini-doc': 'ưu tiên thực hiện 7 dự án' (matches up to 'ưu tiên thực hiện', "
        "then differs at '7')" in result.stderr
    )


def test_a_quote_without_tone_marks_says_so(tmp_path):
    folder = _plan_with_quote(tmp_path, "uu tien thuc hien 5 du an")
    result = CliRunner().invoke(main, ["validate", str(folder)])
    assert result.exit_code == 1, result.output
    assert "(the words match without tone marks" not in result.stderr  # the quote has no marks to check
    folder2 = _plan_with_quote(tmp_path / "b", "ưu tiến thực hiền 5 dự án")
    result = CliRunner().invoke(main, ["validate", str(folder2)])
    assert "(matches up to 'ưu', then differs at 'tiến')" in result.stderr


def test_marks_hint_when_no_first_word_matches(tmp_path):
    folder = _plan_with_quote(tmp_path, "ủu tiên thực hiện 5 dự án")
    result = CliRunner().invoke(main, ["validate", str(folder)])
    assert result.exit_code == 1
    assert "(the words match without tone marks: check the diacritics)" in result.stderr


def test_whitespace_nfc_and_tone_style_are_folded_as_before(tmp_path):
    folder = _plan_with_quote(tmp_path, "ưu   tiên\\tthực hiện 5 dự án")
    assert CliRunner().invoke(main, ["validate", str(folder)]).exit_code == 0
    assert normalise_for_quote("hài  hoà") == normalise_for_quote("hài hòa")


def test_every_failing_quote_is_reported_in_file_order(tmp_path):
    folder = tmp_path / "mini-2021-2030"
    shutil.copytree(SAMPLE, folder)
    text = (folder / "plan.yaml").read_text(encoding="utf-8")
    text = text.replace('quote: "chuyển đổi số"', 'quote: "chuyển đổi số hoá XYZ"')
    text = text.replace('quote: "2 khâu đột phá"', 'quote: "9 khâu đột phá"')
    (folder / "plan.yaml").write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(folder)])
    lines = [l for l in result.stderr.splitlines() if "quote not found" in l]
    numbers = [int(l.split("plan.yaml:")[1].split(":")[0]) for l in lines]
    assert len(lines) == 2 and numbers == sorted(numbers), result.stderr


def _tones_of_the_whole_text(text: str) -> str:
    import unicodedata

    decomposed = unicodedata.normalize("NFD", unicodedata.normalize("NFC", text))
    return unicodedata.normalize("NFC", checks._OLD_STYLE.sub(r"\1\3\2", decomposed))


_TONE_ALPHABET = "oOuUqQaAeEyY \n\t.-xhòàoáảạãèéẻẽẹýỳỷỹỵôơư\u0300\u0301\u0303\u0309\u0323\u0302\u031b\u1dc0"


@settings(max_examples=1000, deadline=None)
@given(text=st.text(alphabet=_TONE_ALPHABET, max_size=30))
def test_tone_style_token_by_token_equals_the_whole_text_at_once(text):
    assert checks.new_style_tones(text) == _tones_of_the_whole_text(text)


def test_tone_style_of_the_bundled_announcement_is_unchanged():
    text = (
        Path(__file__).parents[1] / "plans" / "lang-son-2021-2030" / "sources" / "lang-son-plan-announcement-2024.txt"
    ).read_text(encoding="utf-8")
    assert checks.new_style_tones(text) == _tones_of_the_whole_text(text)
    assert checks.new_style_tones("hoà khoẻ thuỷ quà") == "hòa khỏe thủy quà"
