"""The loader: positions, encodings, limits, and safety against hostile YAML."""

from __future__ import annotations

import math
import pickle
import time
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from cdc.core.errors import UsageError
from cdc.reading import yamlsrc
from cdc.reading.project import load_project
from cdc.reading.yamlsrc import MAX_DEPTH, YamlFloat, YamlInt, read_yaml_bytes, resolve_plain

MINIMAL = (
    "project:\n"
    "  id: p\n"
    "  title: T\n"
    "  version: 1.10\n"
    "  date: 2027-01-01\n"
    "  buyer: {name: B}\n"
    "  contact: {name: C}\n"
)


CASES = Path(__file__).resolve().parent / "cases"


def rules(raw: bytes) -> list[str]:
    return [f.rule for f in read_yaml_bytes(raw, "x.yaml").findings]


#: Both event parsers PyYAML may give cdc: libyaml's (when PyYAML was built with it) and the
#: pure-Python one. cdc's findings must not depend on which one is installed.
_LOADERS: dict[str, type[Any] | None] = {
    "libyaml": getattr(yaml, "CSafeLoader", None) if yaml.__with_libyaml__ else None,
    "python": yaml.SafeLoader,
}


@pytest.fixture(params=sorted(_LOADERS))
def parser(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run the test once with each event parser forced."""
    name: str = request.param
    loader = _LOADERS[name]
    if loader is None:
        pytest.skip("this PyYAML was built without libyaml")
    monkeypatch.setattr(yamlsrc, "_EventLoader", loader)
    return name


def located(raw: bytes) -> list[tuple[str, int, int]]:
    return [(f.rule, f.mark.line, f.mark.col) for f in read_yaml_bytes(raw, "x.yaml").findings]


def located_with(name: str, raw: bytes) -> list[tuple[str, int, int]]:
    loader = _LOADERS[name]
    assert loader is not None
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(yamlsrc, "_EventLoader", loader)
        return located(raw)


def write(tmp_path: Path, text: str | bytes, name: str = "cdc.yaml") -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8")
    else:
        path.write_bytes(text)
    return path


def test_minimal_project_loads_and_keeps_number_text(tmp_path: Path) -> None:
    loaded = load_project(write(tmp_path, MINIMAL))
    assert loaded.findings == []
    assert loaded.project is not None
    # ``version: 1.10`` must not become "1.1".
    assert loaded.project.project.version == "1.10"


def test_positions_are_one_based_and_point_at_values(tmp_path: Path) -> None:
    loaded = load_project(write(tmp_path, MINIMAL))
    mark = loaded.source.locate(("project", "title"))
    assert (mark.line, mark.col) == (3, 10)
    key = loaded.source.locate(("project", "title"), key=True)
    assert (key.line, key.col) == (3, 3)


def test_locate_falls_back_to_the_nearest_ancestor(tmp_path: Path) -> None:
    loaded = load_project(write(tmp_path, MINIMAL))
    mark = loaded.source.locate(("project", "buyer", "nowhere", 3))
    assert (mark.line, mark.col) == (6, 10)


@pytest.mark.parametrize(
    "raw",
    [
        MINIMAL.encode(),
        b"\xef\xbb\xbf" + MINIMAL.encode(),
        MINIMAL.replace("\n", "\r\n").encode(),
        b"\xef\xbb\xbf" + MINIMAL.replace("\n", "\r\n").encode(),
    ],
    ids=["utf8", "bom", "crlf", "bom-crlf"],
)
def test_utf8_variants_are_accepted(raw: bytes) -> None:
    doc = read_yaml_bytes(raw, "x.yaml")
    assert doc.findings == []
    assert doc.data["project"]["title"] == "T"


def test_crlf_positions_match_lf_positions() -> None:
    lf = read_yaml_bytes(MINIMAL.encode(), "x.yaml").source.locate(("project", "date"))
    crlf = read_yaml_bytes(MINIMAL.replace("\n", "\r\n").encode(), "x.yaml").source.locate(
        ("project", "date")
    )
    assert (lf.line, lf.col) == (crlf.line, crlf.col)


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        ("titre: Société générale\n".encode("latin-1"), "Latin-1/Windows-1252"),
        ("titre: Société\n".encode("utf-16"), "UTF-16"),
        ("titre: Société\n".encode("utf-16-le"), "UTF-16LE text without a byte-order mark"),
        ("a: b\n".encode("utf-32"), "UTF-32"),
        (b"a: b\x00c\n", "NUL byte"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
    ],
    ids=["latin1", "utf16-bom", "utf16-nobom", "utf32", "nul", "png"],
)
def test_bad_encodings_are_refused_with_a_precise_message(raw: bytes, fragment: str) -> None:
    doc = read_yaml_bytes(raw, "x.yaml")
    assert doc.data is None
    assert [f.rule for f in doc.findings] == ["SCH006"]
    assert fragment in doc.findings[0].message


def test_latin1_position_points_at_the_bad_byte() -> None:
    doc = read_yaml_bytes("a: b\ntitre: Société\n".encode("latin-1"), "x.yaml")
    mark = doc.findings[0].mark
    assert (mark.line, mark.col) == (2, 12)


def test_python_tags_are_never_constructed(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    text = MINIMAL + f'x: !!python/object/apply:os.system ["touch {marker}"]\n'
    loaded = load_project(write(tmp_path, text))
    assert not marker.exists()
    assert "SCH007" in [f.rule for f in loaded.findings]
    assert loaded.project is None


def test_alias_bomb_is_refused_quickly() -> None:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for n in range(1, 10):
        refs = ",".join([f"*a{n - 1}"] * 9)
        lines.append(f"a{n}: &a{n} [{refs}]")
    start = time.perf_counter()
    found = rules("\n".join(lines).encode())
    assert time.perf_counter() - start < 1.0
    assert found == ["SCH008"]


@pytest.mark.parametrize("opener", ["[", "{a: ", "- "])
def test_deep_nesting_is_refused_quickly(opener: str, parser: str) -> None:
    # libyaml builds with a nesting limit of their own (PyYAML 6.0.4's wheels: 1,000 levels)
    # used to win on one long line and turn this into SCH001; cdc's limit must win, at the
    # place where level 65 opens, whichever parser is installed.
    closer = {"[": "]", "{a: ": "}", "- ": ""}[opener]
    text = opener * 20_000 + "x" + closer * 20_000
    start = time.perf_counter()
    found = located(text.encode())
    assert time.perf_counter() - start < (1.0 if parser == "libyaml" else 3.0)
    assert found == [("SCH008", 1, len(opener) * MAX_DEPTH + 1)]


def test_the_deep_nesting_case_reads_the_same_with_either_parser(parser: str) -> None:
    raw = (CASES / "negative" / "sch008-deep-nesting" / "cdc.yaml").read_bytes()
    assert located(raw) == [("SCH008", 3, MAX_DEPTH + 1)]


def test_a_limit_reached_before_a_syntax_error_on_the_same_line_wins(parser: str) -> None:
    # Both parsers read up to 1,024 characters ahead on a line before handing out events, so
    # the '@' used to be reported first, although the nesting limit comes 135 columns earlier.
    assert located(b"[" * 200 + b"@") == [("SCH008", 1, MAX_DEPTH + 1)]


def test_a_deep_flow_key_gets_the_same_finding_from_both_parsers() -> None:
    # A flow collection used as a block key: cutting the text at libyaml's error cannot settle
    # it, so cdc falls back to the pure-Python parser (which reports the over-long key).
    if _LOADERS["libyaml"] is None:
        pytest.skip("this PyYAML was built without libyaml")
    raw = b"a:\n" + b"[" * 1001 + b"]" * 1001 + b": b\n"
    assert located_with("libyaml", raw) == located_with("python", raw)


def _libyaml_has_a_nesting_limit() -> bool:
    loader = _LOADERS["libyaml"]
    if loader is None:
        return False
    try:
        list(yaml.parse("[" * 2_000, Loader=loader))
    except yaml.MarkedYAMLError as exc:
        return yamlsrc._PARSER_DEPTH_ERROR in (exc.problem or "")
    return False


@pytest.mark.skipif(not _libyaml_has_a_nesting_limit(), reason="libyaml without a nesting limit")
def test_a_deep_flow_key_in_a_big_file_is_sch008_without_a_slow_reread(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Past the bound, re-reading with the pure-Python parser could take minutes on a hostile
    # file: libyaml's own failure is then reported as cdc's nesting finding, where it stopped.
    monkeypatch.setattr(yamlsrc, "_PURE_FALLBACK_CHARS", 10)
    raw = b"a:\n" + b"[" * 1001 + b"]" * 1001 + b": b\n"
    found = located_with("libyaml", raw)
    assert [rule for rule, _, _ in found] == ["SCH008"]
    assert found[0][1] == 2


@settings(max_examples=12, deadline=None)
@given(
    block=st.integers(0, 3),
    pattern=st.lists(st.sampled_from(["[", "[ ", "{a: ", "{? "]), min_size=1, max_size=3),
    # Around cdc's limit, and around libyaml's own (1,000 levels on one line).
    flow=st.one_of(st.integers(1, 80), st.integers(990, 1_050)),
    tail=st.sampled_from(["", " @"]),
)
def test_nesting_findings_do_not_depend_on_the_parser(
    block: int, pattern: list[str], flow: int, tail: str
) -> None:
    openers = (pattern * flow)[:flow]
    closers = "".join("]" if o.startswith("[") else "}" for o in reversed(openers))
    text = "a:\n  " + "- " * block + "".join(openers) + "x" + tail + closers + "\n"
    found = {name: located_with(name, text.encode()) for name in _LOADERS if _LOADERS[name]}
    depth = 1 + block + flow
    for result in found.values():
        assert (bool(result) and result[0][0] == "SCH008") == (depth > MAX_DEPTH), result
    if depth > MAX_DEPTH:
        assert len(set(map(tuple, found.values()))) == 1, found


def test_libyaml_still_words_its_nesting_limit_as_cdc_expects() -> None:
    # cdc recognises libyaml's own limit by its message; if an upgrade rewords it, this fails
    # (in the CI run against the newest versions) instead of files silently changing finding.
    if _LOADERS["libyaml"] is None:
        pytest.skip("this PyYAML was built without libyaml")
    problem = ""
    try:
        list(yaml.parse("[" * 20_000, Loader=_LOADERS["libyaml"]))
    except yaml.MarkedYAMLError as exc:
        problem = exc.problem or ""
    # A libyaml without a nesting limit only fails at the end of the text (unclosed list).
    assert yamlsrc._PARSER_DEPTH_ERROR in problem or "expected" in problem, problem


def test_nesting_just_under_the_limit_is_fine() -> None:
    text = "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1)
    doc = read_yaml_bytes(("a: " + text).encode(), "x.yaml")
    assert doc.findings == []


def test_huge_file_is_refused_before_parsing(tmp_path: Path) -> None:
    path = tmp_path / "cdc.yaml"
    with path.open("wb") as handle:
        handle.write(b"a: '")
        handle.write(b"x" * (21 * 1024 * 1024))
        handle.write(b"'\n")
    loaded = load_project(path)
    assert [f.rule for f in loaded.findings] == ["SCH008"]


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("", "empty"),
        ("# only a comment\n", "empty"),
        ("- a\n- b\n", "a list"),
        ("just text\n", "a single value"),
        ("a: 1\n---\nb: 2\n", "several YAML documents"),
    ],
)
def test_files_that_are_not_a_project(text: str, fragment: str) -> None:
    doc = read_yaml_bytes(text.encode(), "x.yaml")
    assert doc.data is None
    assert [f.rule for f in doc.findings] == ["SCH009"]
    assert fragment in doc.findings[0].message


def test_duplicate_keys_are_errors_with_both_lines() -> None:
    doc = read_yaml_bytes(b"a: 1\nb: 2\na: 3\n", "x.yaml")
    (finding,) = doc.findings
    assert finding.rule == "SCH002"
    assert (finding.mark.line, finding.mark.col) == (3, 1)
    assert "line 1" in finding.message


def test_yaml_12_booleans_no_is_a_string() -> None:
    doc = read_yaml_bytes(b"a: no\nb: yes\nc: true\nd: ~\ne: 0x1F\nf: 1e3\n", "x.yaml")
    assert doc.data == {"a": "no", "b": "yes", "c": True, "d": None, "e": 31, "f": 1000.0}
    assert isinstance(doc.data["f"], YamlFloat)


def test_merge_keys_are_supported() -> None:
    doc = read_yaml_bytes(b"base: &b {x: 1, y: 2}\nother:\n  <<: *b\n  y: 3\n", "x.yaml")
    assert doc.findings == []
    assert doc.data["other"] == {"x": 1, "y": 3}


def test_syntax_error_has_a_position() -> None:
    doc = read_yaml_bytes(b"a: [1, 2\nb: 3\n", "x.yaml")
    (finding,) = doc.findings
    assert finding.rule == "SCH001"
    assert finding.mark.line >= 2


def test_control_character_is_a_syntax_error() -> None:
    assert rules(b"a: b\x07c\n") == ["SCH001"]


def test_missing_path_and_directory_are_usage_errors(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="no such file"):
        load_project(tmp_path / "nope.yaml")
    with pytest.raises(UsageError, match="is a folder"):
        load_project(tmp_path)


def test_unknown_key_gets_a_suggestion(tmp_path: Path) -> None:
    loaded = load_project(write(tmp_path, MINIMAL + "requirments: []\n"))
    (finding,) = loaded.findings
    assert finding.rule == "SCH003"
    assert finding.message == (
        "unknown key 'requirments' at the top level; did you mean 'requirements'?"
    )
    assert (finding.mark.line, finding.mark.col) == (8, 1)


def test_missing_key_is_located_at_its_parent(tmp_path: Path) -> None:
    loaded = load_project(write(tmp_path, MINIMAL.replace("  title: T\n", "")))
    (finding,) = loaded.findings
    assert finding.rule == "SCH005"
    assert finding.message == "missing required key 'title' in project"
    assert (finding.mark.line, finding.mark.col) == (1, 1)


REQ = "  - id: {id}\n    section: s\n    title: T\n    text: Le texte.\n    priority: {priority}\n"


def test_includes_merge_requirements_and_keep_their_own_positions(tmp_path: Path) -> None:
    main = (
        MINIMAL
        + "include: [reqs/*.yaml]\nrequirements:\n"
        + REQ.format(id="A-001", priority="must")
    )
    write(tmp_path, main)
    write(tmp_path, "requirements:\n" + REQ.format(id="B-001", priority="must"), "reqs/b.yaml")
    write(tmp_path, "requirements:\n" + REQ.format(id="C-001", priority="never"), "reqs/c.yaml")
    loaded = load_project(tmp_path / "cdc.yaml")
    (finding,) = loaded.findings
    assert finding.rule == "SCH004"
    assert finding.mark.path.endswith("reqs/c.yaml")
    assert (finding.mark.line, finding.mark.col) == (6, 15)
    assert "requirements[C-001].priority" in finding.message


def test_include_order_is_sorted_and_ids_are_merged(tmp_path: Path) -> None:
    write(tmp_path, MINIMAL + "include: [reqs/*.yaml]\n")
    write(tmp_path, "requirements:\n" + REQ.format(id="Z-001", priority="must"), "reqs/2.yaml")
    write(tmp_path, "requirements:\n" + REQ.format(id="Y-001", priority="must"), "reqs/1.yaml")
    loaded = load_project(tmp_path / "cdc.yaml")
    assert loaded.project is not None
    assert [r.id for r in loaded.project.requirements] == ["Y-001", "Z-001"]
    assert len(loaded.files) == 3


@pytest.mark.parametrize(
    ("pattern", "fragment"),
    [
        ("../outside.yaml", "must not climb out"),
        ("/etc/passwd", "relative"),
        ("nothing/*.yaml", "matches no file"),
    ],
)
def test_unsafe_or_missing_includes(tmp_path: Path, pattern: str, fragment: str) -> None:
    loaded = load_project(write(tmp_path, MINIMAL + f"include: ['{pattern}']\n"))
    (finding,) = loaded.findings
    assert finding.rule == "SCH010"
    assert fragment in finding.message
    assert loaded.project is None


def test_include_through_a_symlink_outside_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "outside.yaml"
    outside.write_text("requirements: []\n", encoding="utf-8")
    project = tmp_path / "p"
    write(project, MINIMAL + "include: [link.yaml]\n")
    (project / "link.yaml").symlink_to(outside)
    loaded = load_project(project / "cdc.yaml")
    assert [f.rule for f in loaded.findings] == ["SCH010"]


def test_included_file_may_not_hold_other_parts(tmp_path: Path) -> None:
    write(tmp_path, MINIMAL + "include: [more.yaml]\n")
    write(tmp_path, "project: {id: x}\n", "more.yaml")
    loaded = load_project(tmp_path / "cdc.yaml")
    (finding,) = loaded.findings
    assert finding.rule == "SCH010"
    assert finding.mark.path.endswith("more.yaml")


def test_positions_inside_text_point_at_the_word(tmp_path: Path) -> None:
    text = (
        'a: "Un écran intuitif"\n'
        "b: plain text with word\n"
        "c: |\n"
        "  first line\n"
        "\n"
        "    second line with word\n"
    )
    doc = read_yaml_bytes(text.encode(), "x.yaml")
    src = doc.source
    quoted = doc.data["a"]
    assert src.locate_in(("a",), quoted.index("intuitif"), quoted).col == 14
    plain = doc.data["b"]
    assert (src.locate_in(("b",), plain.index("word"), plain).col) == 20
    block = doc.data["c"]
    mark = src.locate_in(("c",), block.index("word"), block)
    assert (mark.line, mark.col) == (6, 22)


@given(
    st.one_of(
        st.integers(-(10**30), 10**30).map(str),
        st.floats(allow_nan=False, allow_infinity=False).map(repr),
        st.sampled_from(["1.10", "007", "+3", "0o17", "0x1F", ".inf", "-.inf", ".NaN", "1e3"]),
    )
)
def test_a_number_keeps_its_type_value_and_text_through_pickle(raw: str) -> None:
    # Cached projects are pickled: ``version: 1.10`` must come back as "1.10", an int as an int.
    value = resolve_plain(raw)
    assert isinstance(value, YamlInt | YamlFloat)
    again = pickle.loads(pickle.dumps(value))
    assert type(again) is type(value)
    assert str(again) == str(value) == raw
    assert again == value or (math.isnan(value) and math.isnan(again))
