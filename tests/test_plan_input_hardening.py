"""Hostile plan input (issue 12, the plan parts): sources confined to their plan folder, bounded
reads, ids that cannot end in a newline, control characters in any spelling, `validate .`,
`new-plan` names that round-trip, self-implementing plans and absurd counts.

Special files (FIFO, socket, sparse file, device) cannot live in git, so they are made here; the
cases that can be plain files are also in tests/data/bad/ (see make_cases.py).
"""

from __future__ import annotations

import os
import re
import resource
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph_build.cli.main import main
from graph_build.core.errors import PlanError
from graph_build.plans.yamlread import MAX_FILE_BYTES, read_text

DATA = Path(__file__).parent / "data"
SAMPLE = DATA / "plans" / "mini-2021-2030"
SOURCE_LINE = "    file: sources/mini-announcement.txt\n"


def _plan(tmp_path: Path, old: str = "", new: str = "", name: str = "mini-2021-2030") -> Path:
    """A copy of the sample plan with one edit, in a folder named ``name``."""
    folder = tmp_path / "plans" / name
    shutil.copytree(SAMPLE, folder)
    if old:
        text = (folder / "plan.yaml").read_text(encoding="utf-8")
        assert old in text, old
        (folder / "plan.yaml").write_text(text.replace(old, new, 1), encoding="utf-8")
    return folder


def _source_line(folder: Path) -> int:
    lines = (folder / "plan.yaml").read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if line.startswith("    file:"))


def _validate(*args: str):
    return CliRunner().invoke(main, ["validate", *args])


def _validate_bounded(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """`plankg validate` in a child with 1 GiB of address space and a time-out, for inputs that
    used to hang (FIFO) or eat memory (/dev/zero, a sparse file) before the fix."""

    def limit():  # pragma: no cover - runs in the child
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))

    code = "import sys; from graph_build.cli.main import main; sys.exit(main())"
    return subprocess.run(
        [sys.executable, "-c", code, "validate", *args],
        capture_output=True,
        text=True,
        timeout=60,
        preexec_fn=limit,
        cwd=cwd,
    )


def _assert_located(stderr: str, folder: Path, line: int, fragment: str) -> None:
    errors = [l for l in stderr.splitlines() if ": error" in l]
    assert len(errors) == 1, stderr
    assert f"{folder / 'plan.yaml'}:{line}: error [sources.file]" in errors[0], errors[0]
    assert fragment in errors[0], errors[0]
    assert "Traceback" not in stderr


# --- #1 sources confined to the plan folder --------------------------------------------------

OUTSIDE_FORMS = {
    "absolute": ("/etc/passwd", "outside the plan folder"),
    "absolute-device": ("/dev/zero", "outside the plan folder"),
    "parent": ("../outside.txt", "outside the plan folder"),
    "parent-inside-then-out": ("sources/../../outside.txt", "outside the plan folder"),
    "symlink-out": ("sources/link.txt", "outside the plan folder"),
    "symlinked-folder-out": ("linked/outside.txt", "outside the plan folder"),
    "symlink-to-device": ("sources/zero.txt", "outside the plan folder"),
    "home": ("~/outside.txt", "'~' is not expanded"),
    "backslash": ("sources\\mini-announcement.txt", "use '/'"),
    "backslash-parent": ("..\\outside.txt", "use '/'"),
    "directory": ("sources", "is a folder, not a file"),
    "the-folder-itself": (".", "is a folder, not a file"),
    "empty": ("''", "'file' must be a path relative to this file"),
    "newline": ('"sources/mini-announcement.txt\\n"', "control character U+000A"),
    "not-found": ("sources/missing.txt", "file not found"),
}


@pytest.mark.parametrize("form", OUTSIDE_FORMS, ids=list(OUTSIDE_FORMS))
def test_a_source_file_must_be_a_regular_file_inside_its_plan_folder(tmp_path, form):
    rel, fragment = OUTSIDE_FORMS[form]
    folder = _plan(tmp_path, SOURCE_LINE, f"    file: {rel}\n")
    (tmp_path / "plans" / "outside.txt").write_text("Quy hoạch tỉnh Mẫu thời kỳ 2021 – 2030", encoding="utf-8")
    (folder / "sources" / "link.txt").symlink_to(tmp_path / "plans" / "outside.txt")
    (folder / "sources" / "zero.txt").symlink_to("/dev/zero")
    (folder / "linked").symlink_to(tmp_path / "plans")
    result = _validate(str(folder))
    assert result.exit_code == 2, result.output
    _assert_located(result.stderr, folder, _source_line(folder), fragment)
    if form != "newline":
        assert rel.strip("'") in result.stderr or "\\\\" in result.stderr


def test_a_quote_from_a_file_outside_never_reaches_the_graph(tmp_path):
    folder = _plan(tmp_path, SOURCE_LINE, "    file: /etc/passwd\n")
    text = (folder / "plan.yaml").read_text(encoding="utf-8")
    (folder / "plan.yaml").write_text(
        text.replace('quote: "2 khâu đột phá"', 'quote: "root:x:0:0:root"'), encoding="utf-8"
    )
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(folder), "--out", str(out), "--no-shacl"])
    assert result.exit_code == 2
    assert not out.exists()
    assert "root:x:0:0:root" not in result.output


def test_a_symlink_that_stays_inside_the_plan_folder_is_fine(tmp_path):
    folder = _plan(tmp_path, SOURCE_LINE, "    file: sources/alias.txt\n")
    (folder / "sources" / "alias.txt").symlink_to("mini-announcement.txt")
    result = _validate(str(folder))
    assert result.exit_code == 0, result.output


def test_a_plan_folder_reached_through_a_symlink_reads_its_own_sources(tmp_path):
    real = _plan(tmp_path)
    link = tmp_path / "elsewhere" / "mini-2021-2030"
    link.parent.mkdir()
    link.symlink_to(real)
    result = _validate(str(link))
    assert result.exit_code == 0, result.output


def test_reference_data_quotes_bundled_plan_sources(bundled):
    # reference/*.yaml cite ../plans/<plan>/sources/...: the reference folder's sources may be
    # kept in the bundled plan folders, and the bundled build is valid.
    assert bundled.ok, [str(p) for p in bundled.errors]


# --- #2 kind and size before reading, bounded reads -------------------------------------------


def test_a_fifo_as_source_is_refused_without_waiting(tmp_path):
    folder = _plan(tmp_path, SOURCE_LINE, "    file: sources/pipe.txt\n")
    os.mkfifo(folder / "sources" / "pipe.txt")
    result = _validate_bounded(str(folder))
    assert result.returncode == 2, result.stderr
    _assert_located(result.stderr, folder, _source_line(folder), "is a FIFO (named pipe), not a regular file")


def test_a_socket_as_source_is_refused(tmp_path):
    folder = _plan(tmp_path, SOURCE_LINE, "    file: s.txt\n")
    server = socket.socket(socket.AF_UNIX)
    cwd = os.getcwd()
    try:
        os.chdir(folder)  # AF_UNIX paths are short: bind by a relative name
        server.bind("s.txt")
    finally:
        os.chdir(cwd)
    try:
        result = _validate(str(folder))
    finally:
        server.close()
    assert result.exit_code == 2, result.output
    _assert_located(result.stderr, folder, _source_line(folder), "is a socket, not a regular file")


def test_a_huge_sparse_source_is_refused_before_reading(tmp_path):
    folder = _plan(tmp_path, SOURCE_LINE, "    file: sources/huge.txt\n")
    with open(folder / "sources" / "huge.txt", "wb") as handle:
        handle.truncate(3 << 30)  # 3 GiB of holes: no disk used
    result = _validate_bounded(str(folder))
    assert result.returncode == 2, result.stderr
    _assert_located(result.stderr, folder, _source_line(folder), "file is 3,221,225,472 bytes; the limit is 5,242,880")


def test_a_huge_sparse_plan_file_is_refused_before_reading(tmp_path):
    folder = _plan(tmp_path)
    with open(folder / "plan.yaml", "r+b") as handle:
        handle.truncate(3 << 30)
    result = _validate_bounded(str(folder))
    assert result.returncode == 2, result.stderr
    assert f"{folder / 'plan.yaml'}:1: error: file is 3,221,225,472 bytes" in result.stderr


@pytest.mark.parametrize("special", ["/dev/zero", "/dev/null", "fifo", "folder"])
def test_a_plan_file_that_is_not_a_regular_file_is_refused(tmp_path, special):
    if special == "fifo":
        special = str(tmp_path / "plan.yaml")
        os.mkfifo(special)
    elif special == "folder":
        special = str(tmp_path)
    result = _validate_bounded(special)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert re.search(r"(not a regular file|no plan\.yaml in this folder)", result.stderr), result.stderr


@pytest.mark.parametrize("path", ["/dev/zero", "/dev/null", "/dev/urandom"])
def test_read_text_refuses_devices_by_kind(path):
    with pytest.raises(PlanError, match="is a character device, not a regular file"):
        read_text(Path(path))


def test_read_text_never_reads_more_than_the_limit_plus_one(tmp_path, monkeypatch):
    # a file that grows after its size was checked (or lies about it) is cut at limit+1 bytes
    big = tmp_path / "big.yaml"
    big.write_bytes(b"a" * (MAX_FILE_BYTES + 100))
    real_fstat = os.fstat
    monkeypatch.setattr(os, "fstat", lambda fd: os.stat_result((*real_fstat(fd)[:6], 10, *real_fstat(fd)[7:])))
    reads: list[int] = []
    real_read = os.read
    monkeypatch.setattr(os, "read", lambda fd, n: (reads.append(n), real_read(fd, n))[1])
    with pytest.raises(PlanError, match="the limit is 5,242,880"):
        read_text(big)
    assert sum(reads) <= MAX_FILE_BYTES + 1 + 65536


def test_a_nul_in_a_path_is_a_clear_error():
    with pytest.raises(PlanError, match="NUL"):
        read_text(Path("sources/x.txt\0"))


# --- #8 ids cannot end in a newline --------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "fragment"),
    [
        ("  - id: task-1-balance", '  - id: "task-1-balance\\n"', "'id' is required"),
        ("id: mini-2021-2030", 'id: "mini-2021-2030\\n"', "'id' must be lower-case"),
        ("  - id: mini-doc", '  - id: "mini-doc\\n"', "source 'id' must be"),
        ("url: https://example.org/mini-plan", 'url: "https://example.org/mini-plan\\n"', "'url' must be"),
        ("{of: Breakthrough, number: 2,", '{of: "Breakthrough\\n", number: 2,', "'of' must be an entity type"),
    ],
)
def test_a_trailing_newline_is_refused_in_every_id(tmp_path, old, new, fragment):
    folder = _plan(tmp_path, old, new)
    result = _validate(str(folder))
    assert result.exit_code == 2, result.output
    assert fragment in result.stderr
    assert "Traceback" not in result.output


def test_a_folder_name_ending_in_a_newline_is_refused(tmp_path):
    folder = _plan(tmp_path, "id: mini-2021-2030", 'id: "mini-2021-2030\\n"', name="mini-2021-2030\n")
    result = CliRunner().invoke(main, ["build", str(folder), "--out", str(tmp_path / "out"), "--no-shacl"])
    assert result.exit_code == 2, result.output
    assert "'id' must be lower-case" in result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)


@pytest.mark.parametrize("plan_id", ["x-2021-2030\n", "x-2021-2030\r", "\nx-2021-2030", "x" * 81])
def test_new_plan_refuses_an_id_with_a_line_break_or_too_long(tmp_path, plan_id):
    result = CliRunner().invoke(main, ["new-plan", plan_id, "--name", "Quy hoạch", "--plans-dir", str(tmp_path)])
    assert result.exit_code == 2, result.output
    assert "a plan id is lower-case ASCII" in result.stderr
    assert list(tmp_path.iterdir()) == []


# --- #9 and #10 NUL and control characters in any spelling ---------------------------------------

ESCAPES = {
    "\\x1b[31m": 0x1B,
    "\\0": 0x00,
    "\\e": 0x1B,
    "\\x85": 0x85,
    "\\u2028": 0x2028,
    "\\u2029": 0x2029,
    "\\x7f": 0x7F,
    "\\r": 0x0D,
    "\\a": 0x07,
    "\\b": 0x08,
    "\\x9b": 0x9B,
    "\\v": 0x0B,
    "\\f": 0x0C,
}


@pytest.mark.parametrize("escape", ESCAPES, ids=[f"U+{c:04X}" for c in ESCAPES.values()])
def test_control_characters_written_as_yaml_escapes_are_refused(tmp_path, escape):
    folder = _plan(tmp_path, 'en: "Digital transformation"', f'en: "Digital{escape} transformation"')
    result = _validate(str(folder))
    assert result.exit_code == 2, result.output
    assert f"control character U+{ESCAPES[escape]:04X}" in result.stderr
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]", result.output)


@pytest.mark.parametrize("raw", ["\x85", "\x0c", "\x1c", "\u2028", "\x1b"])
def test_raw_control_characters_and_line_separators_are_refused_with_their_line(tmp_path, raw):
    folder = _plan(tmp_path, 'en: "Digital transformation"', f'en: "Digital{raw} transformation"')
    line = next(
        i
        for i, l in enumerate((SAMPLE / "plan.yaml").read_text(encoding="utf-8").split("\n"), 1)
        if "Digital transformation" in l
    )
    result = _validate(str(folder))
    assert result.exit_code == 2, result.output
    assert f"plan.yaml:{line}: error: control character U+{ord(raw):04X}" in result.stderr


def test_a_nul_in_a_source_path_is_a_located_error(tmp_path):
    folder = _plan(tmp_path, SOURCE_LINE, '    file: "sources/mini-announcement.txt\\0"\n')
    result = _validate(str(folder))
    assert result.exit_code == 2, result.output
    assert f"plan.yaml:{_source_line(folder)}: error [sources.file]: control character U+0000" in result.stderr
    assert "\x00" not in result.output


def test_control_characters_in_a_key_are_escaped_in_the_message(tmp_path):
    folder = _plan(tmp_path, "    ordinal: 1\n", '    ordinal: 1\n    "\\e]0;pwned\\a\\e[2J": high\n')
    result = _validate(str(folder))
    assert result.exit_code == 2
    assert "\x1b" not in result.output and "\x07" not in result.output
    assert "U+001B" in result.stderr


def test_a_long_echoed_value_is_cut_to_an_excerpt(tmp_path):
    folder = _plan(tmp_path, "    min: 8\n", f'    min: "{"9" * 5000}x"\n')
    result = _validate(str(folder))
    assert result.exit_code == 2
    line = next(l for l in result.stderr.splitlines() if "must be a number" in l)
    assert len(line) < 400, line
    assert "…" in line


# --- #17 `validate .` -------------------------------------------------------------------------


@pytest.mark.parametrize("spelling", [".", "./", "../mini-2021-2030", "./."])
def test_validate_dot_inside_a_plan_folder_uses_the_folder_name(tmp_path, monkeypatch, spelling):
    folder = _plan(tmp_path)
    monkeypatch.chdir(folder)
    result = _validate(spelling)
    assert result.exit_code == 0, result.output


# --- #18 new-plan writes YAML that parses, whatever the name -------------------------------------

HOSTILE_NAMES = [
    "x\\",
    'Quy hoạch "tỉnh" Cao Bằng',
    "a: b # c",
    "dòng một\ndòng hai",
    '\\"',
    "it's",
    "{[&*!|>%@`,]}",
    "- x",
    "#",
    "Quy hoạch tỉnh Cao Bằng thời kỳ 2021 – 2030 🚀 تحول",
    "x\\n",
    "---",
    "...",
    "  spaced   out  ",
    "null",
    "123",
    "true",
    "\\u0041",
]


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_new_plan_round_trips_hostile_names(tmp_path, name):
    from graph_build.plans.loader import load_dataset

    result = CliRunner().invoke(
        main, ["new-plan", "x-2021-2030", "--name", name, "--name-en", name + " (en)", "--plans-dir", str(tmp_path)]
    )
    assert result.exit_code == 0, result.output
    folder = tmp_path / "x-2021-2030"
    checked = _validate(str(folder))
    assert checked.exit_code == 0, checked.output
    plan = load_dataset(folder).entities["plan"]
    folded = " ".join(name.split())
    assert plan.label == {"vi": folded, "en": f"{folded} (en)"}


@pytest.mark.parametrize("name", ["\x1b[31mred", "bell\x07", "nul\x00", "   ", "\x85"])
def test_new_plan_refuses_control_characters_and_empty_names(tmp_path, name):
    result = CliRunner().invoke(main, ["new-plan", "x-2021-2030", "--name", name, "--plans-dir", str(tmp_path)])
    assert result.exit_code == 2, result.output
    assert "\x1b" not in result.output and "\x07" not in result.output
    assert list(tmp_path.iterdir()) == []


# --- #20 a plan that implements itself, absurd numbers ---------------------------------------------


def test_a_plan_that_implements_itself_is_an_error(tmp_path):
    folder = _plan(tmp_path, "implements: [lang-son-2021-2030]", "implements: [lang-son-2021-2030, mini-2021-2030]")
    result = _validate(str(folder))
    assert result.exit_code == 2, result.output
    assert "'implements' refers to mini-2021-2030 itself" in result.stderr


def test_two_plans_that_implement_each_other_form_a_cycle(tmp_path):
    first = _plan(tmp_path, "implements: [lang-son-2021-2030]", "implements: [second-2021-2030]")
    second = _plan(
        tmp_path,
        "implements: [lang-son-2021-2030]",
        "implements: [lang-son-2021-2030, mini-2021-2030]",
        name="second-2021-2030",
    )
    text = (second / "plan.yaml").read_text(encoding="utf-8").replace("id: mini-2021-2030", "id: second-2021-2030")
    (second / "plan.yaml").write_text(text, encoding="utf-8")
    result = _validate(str(first), str(second))
    assert result.exit_code == 2, result.output
    assert "'implements' forms a cycle: mini-2021-2030 → second-2021-2030 → mini-2021-2030" in result.stderr


def test_a_cycle_through_a_second_list_item_is_found(tmp_path):
    places = (
        'places:\n  - id: zone-a\n    label: {vi: "A", en: "A"}\n    part_of: [lang-son, zone-b]\n'
        '    source: {web: sample-web, confidence: high}\n  - id: zone-b\n    label: {vi: "B", en: "B"}\n'
        "    part_of: [zone-a]\n    source: {web: sample-web, confidence: high}\nevents:\n"
    )
    folder = _plan(tmp_path, "events:\n", places)
    result = _validate(str(folder))
    assert result.exit_code == 2, result.output
    assert "'part_of' forms a cycle: zone-a → zone-b → zone-a" in result.stderr


@pytest.mark.parametrize(
    ("old", "new", "fragment"),
    [
        (
            "{of: Breakthrough, number: 2,",
            "{of: Breakthrough, number: 100000000000000000000000000000000000000,",
            "at most 1,000,000",
        ),
        ("{of: Breakthrough, number: 2,", "{of: Breakthrough, number: 1000001,", "at most 1,000,000"),
        ("    ordinal: 1\n", "    ordinal: 100000000000000000000000000000000000000\n", "at most 1,000,000"),
        ("    min: 8\n", "    min: .inf\n", "must be a finite number"),
        ("    min: 8\n", "    min: -.inf\n", "must be a finite number"),
        ("    min: 8\n", "    min: .nan\n", "must be a finite number"),
        ("    min: 8\n", "    min: 1.0e+300\n", "at most 10^18"),
    ],
)
def test_numbers_are_bounded(tmp_path, old, new, fragment):
    folder = _plan(tmp_path, old, new)
    result = _validate(str(folder))
    assert result.exit_code == 2, result.output
    assert fragment in result.stderr


def test_a_count_at_the_limit_is_read(tmp_path):
    folder = _plan(tmp_path, "{of: Breakthrough, number: 2,", "{of: Breakthrough, number: 1000000,")
    result = _validate(str(folder))
    assert result.exit_code == 0, result.output  # an incomplete count is a warning
    assert "Breakthrough 2/1000000 incomplete" in result.stdout
