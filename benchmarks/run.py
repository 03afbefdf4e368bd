"""Benchmark cdc at several project sizes against what a user would otherwise run.

``python benchmarks/run.py [--sizes 100,1000,5000] [--runs 3] [--json FILE]``

For each size, a synthetic project (``benchmarks/generate.py``, 20 vendors) is generated once,
then every command runs ``--runs`` times as its own process; the table gives the median wall
time, the median CPU time (user + system of that process) and the peak memory (max RSS), and
ratios to the reference tools measured in the same run:

- the start-up floor: ``python -c "import yaml, pydantic"``;
- pandoc converting cdc's own Markdown of the specification to DOCX and to HTML (skipped,
  with a note, when pandoc is not installed);
- WeasyPrint alone on cdc's own print HTML (the PDF floor).

HTML, XLSX and score are measured twice: on the unchanged project, and ``…, just edited``
(a comment appended to ``cdc.yaml`` before each run, so cdc reads and lints it again).

The JSON written with ``--json`` keeps every figure for later comparison.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
PYTHON = sys.executable
CDC = str(Path(PYTHON).parent / "cdc")


@dataclass
class Measure:
    """Medians of one command at one size."""

    size: int
    label: str
    wall: float
    cpu: float
    max_rss_mb: float
    runs: int
    ok: bool


#: Commands measured without cdc's cache (every run pays Pydantic's start-up): lint's cold case.
NO_CACHE = "cdc lint, cold (CDC_NO_CACHE=1)"

#: Suffix of the commands run right after an edit of the project (a comment appended before
#: each run): what a consultant waits for after changing a requirement. The other cdc rows
#: re-run on an unchanged project, which cdc reads and lints once (``cdc.api.check``).
EDITED = ", just edited"


def run_once(
    argv: list[str], cwd: Path, env: dict[str, str] | None = None
) -> tuple[float, float, float, bool]:
    """Wall seconds, CPU seconds and peak RSS (MB) of one process, and whether it exited 0."""
    start = time.perf_counter()
    process = subprocess.Popen(
        argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env
    )
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, process.returncode == 0


class Editor:
    """Edits the project before each run of a ``…, just edited`` command; restores it after."""

    def __init__(self, project: Path) -> None:
        self.project = project
        self.original = project.read_bytes()
        self.mtime_ns = project.stat().st_mtime_ns
        self.edits = 0

    def before(self, label: str) -> None:
        """Append a new comment (new bytes: nothing cached about the project applies), or put
        the original back for the other commands."""
        if label.endswith(EDITED):
            self.edits += 1
            self.project.write_bytes(self.original + f"# edit {self.edits}\n".encode())
        elif self.project.read_bytes() != self.original:
            self.restore()

    def restore(self) -> None:
        """The original bytes and date: the project as saved before the benchmark."""
        self.project.write_bytes(self.original)
        os.utime(self.project, ns=(self.mtime_ns, self.mtime_ns))

    def __enter__(self) -> Editor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.restore()


def child_env(label: str, cache: Path, **extra: str) -> dict[str, str]:
    """The environment of a measured command: cdc's cache in ``cache`` (off for the cold lint),
    and Python's compiled modules written and used, as an installed cdc has them (a
    PYTHONDONTWRITEBYTECODE inherited from the shell would recompile cdc on every run)."""
    env = dict(os.environ, CDC_CACHE_DIR=str(cache), **extra)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if label == NO_CACHE:
        env["CDC_NO_CACHE"] = "1"
    return env


def measure(
    size: int, label: str, argv: list[str], cwd: Path, runs: int, *, warm_up: bool = True
) -> Measure:
    """Run ``argv`` ``runs`` times; medians of wall and CPU, max of peak memory.

    One untimed run first (unless ``warm_up`` is false): the operating system's file cache,
    Python's compiled modules and cdc's own cache (compiled templates, lint reports of an
    unchanged project, in a folder of the benchmark's) are warm, as they are for a user who
    re-renders or re-lints all day. The cold lint is measured apart, with cdc's cache off.
    """
    env = child_env(label, cwd / ".cdc-cache")
    with Editor(cwd / "cdc.yaml") as editor:

        def once() -> tuple[float, float, float, bool]:
            editor.before(label)
            return run_once(argv, cwd, env)

        if warm_up:
            once()
        results = [once() for _ in range(runs)]
    return Measure(
        size,
        label,
        statistics.median(r[0] for r in results),
        statistics.median(r[1] for r in results),
        max(r[2] for r in results),
        runs,
        all(r[3] for r in results),
    )


def prepare(size: int, vendors: int, base: Path, tree: Path | None = None) -> Path:
    """Generate (once) the project of this size and the files peer tools need; with ``tree``,
    by that checkout's generator and code (compare.py: a project the older version reads)."""
    folder = base / f"n{size}"
    project = folder / "cdc.yaml"
    if not project.exists():
        generator = (tree or HERE.parent) / "benchmarks" / "generate.py"
        env = None if tree is None else {**os.environ, "PYTHONPATH": str(tree)}
        subprocess.run(
            [
                PYTHON,
                str(generator),
                "--requirements",
                str(size),
                "--vendors",
                str(vendors),
                "--output",
                str(folder),
            ],
            check=True,
            env=env,
            stdout=subprocess.DEVNULL,
        )
    peers = folder / "peers"
    if not peers.exists():
        peers.mkdir()
        code = (
            "import sys\n"
            "from pathlib import Path\n"
            "from cdc.reading.project import load_project\n"
            "from cdc.rendering.documents import DocumentBuilder\n"
            "from cdc.rendering.writers.markdown import to_markdown\n"
            "from cdc.rendering.writers.html import to_html\n"
            "p = load_project(sys.argv[1]).project\n"
            "d = DocumentBuilder(p).build('spec')\n"
            "Path(sys.argv[2], 'spec.md').write_text(to_markdown(d), encoding='utf-8')\n"
            "Path(sys.argv[2], 'spec-print.html').write_text(to_html(d, paged=True), encoding='utf-8')\n"
        )
        subprocess.run([PYTHON, "-c", code, str(project), str(peers)], check=True)
    return folder


def commands(folder: Path) -> dict[str, list[str]]:
    """Every command measured for one project, by label."""
    project = str(folder / "cdc.yaml")
    out = str(folder / "out")
    peers = folder / "peers"
    weasy = (
        "import sys; from weasyprint import HTML; "
        "HTML(filename=sys.argv[1], url_fetcher=lambda *a, **k: (_ for _ in ()).throw(ValueError())).write_pdf(sys.argv[2])"
    )
    found = {
        "floor: python -c 'import yaml, pydantic'": [PYTHON, "-c", "import yaml, pydantic"],
        NO_CACHE: [CDC, "lint", project],
        "cdc lint, unchanged project (cached)": [CDC, "lint", project],
    }
    for fmt in ("md", "html", "docx", "pdf"):
        found[f"cdc render spec {fmt}"] = [
            CDC,
            "render",
            project,
            "--doc",
            "spec",
            "--format",
            fmt,
            "-o",
            out,
            "--force",
        ]
    # One row per PDF engine, named explicitly: the default (auto) changes engine with the size.
    found["cdc render spec pdf --pdf-engine typst"] = [
        *found["cdc render spec pdf"],
        "--pdf-engine",
        "typst",
    ]
    found["cdc render spec pdf"] += ["--pdf-engine", "weasyprint"]
    found["cdc render grid xlsx"] = [
        CDC,
        "render",
        project,
        "--doc",
        "grid",
        "--format",
        "xlsx",
        "-o",
        out,
        "--force",
    ]
    found["cdc score 20 vendors + sensitivity"] = [
        CDC,
        "score",
        project,
        str(folder / "responses"),
        "--format",
        "json",
        "--monte-carlo",
        "200",
    ]
    for label in (
        "cdc render spec html",
        "cdc render grid xlsx",
        "cdc score 20 vendors + sensitivity",
    ):
        found[label + EDITED] = found[label]
    if shutil.which("pandoc"):
        found["peer: pandoc md → docx"] = [
            "pandoc",
            str(peers / "spec.md"),
            "-o",
            str(peers / "pandoc.docx"),
        ]
        found["peer: pandoc md → html"] = [
            "pandoc",
            str(peers / "spec.md"),
            "-s",
            "-o",
            str(peers / "pandoc.html"),
        ]
    found["peer: WeasyPrint alone on cdc's HTML"] = [
        PYTHON,
        "-c",
        weasy,
        str(peers / "spec-print.html"),
        str(peers / "weasy.pdf"),
    ]
    return found


RATIOS = {
    NO_CACHE: "floor: python -c 'import yaml, pydantic'",
    "cdc lint, unchanged project (cached)": "floor: python -c 'import yaml, pydantic'",
    "cdc render spec docx": "peer: pandoc md → docx",
    "cdc render spec html": "peer: pandoc md → html",
    "cdc render spec html" + EDITED: "peer: pandoc md → html",
    "cdc render spec pdf": "peer: WeasyPrint alone on cdc's HTML",
    "cdc render spec pdf --pdf-engine typst": "cdc render spec pdf",
}


def table(measures: list[Measure]) -> str:
    """A plain-text table, one row per size and command, with the ratio to its reference."""
    by_key = {(m.size, m.label): m for m in measures}
    lines = [f"{'size':>5}  {'command':<48} {'wall s':>8} {'cpu s':>7} {'max MB':>7} {'ratio':>7}"]
    for m in measures:
        ref = by_key.get((m.size, RATIOS.get(m.label, "")))
        ratio = f"{m.wall / ref.wall:.2f}x" if ref and ref.wall > 0 else ""
        flag = "" if m.ok else "  (failed)"
        lines.append(
            f"{m.size:>5}  {m.label:<48} {m.wall:>8.3f} {m.cpu:>7.3f} {m.max_rss_mb:>7.1f} {ratio:>7}{flag}"
        )
    sizes = sorted({m.size for m in measures})
    if 1000 in sizes and 5000 in sizes:
        lines.append("")
        lines.append("growth 1,000 → 5,000 requirements (goal ≤ 6x):")
        for m in (x for x in measures if x.size == 5000 and x.label.startswith("cdc")):
            small = by_key.get((1000, m.label))
            if small and small.wall > 0:
                lines.append(f"  {m.label:<48} {m.wall / small.wall:.2f}x")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    """Run the benchmarks and print the table."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="100,1000,5000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--vendors", type=int, default=20)
    parser.add_argument("--workdir", type=Path, default=None, help="Keep generated projects here.")
    parser.add_argument("--json", type=Path, default=None, help="Write the figures as JSON.")
    parser.add_argument("--skip-pdf-above", type=int, default=5000, help="No PDF beyond this size.")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    base = args.workdir or Path(tempfile.mkdtemp(prefix="cdc-bench-"))
    base.mkdir(parents=True, exist_ok=True)
    if not shutil.which("pandoc"):
        print("note: pandoc is not installed: the pandoc comparisons are skipped", file=sys.stderr)
    measures: list[Measure] = []
    for size in sizes:
        folder = prepare(size, args.vendors, base)
        for label, argv_ in commands(folder).items():
            pdf = "pdf" in label or "WeasyPrint" in label
            if pdf and size > args.skip_pdf_above:
                continue
            big_pdf = pdf and size >= 5000
            runs = 1 if big_pdf else args.runs
            m = measure(size, label, argv_, folder, runs, warm_up=not big_pdf)
            measures.append(m)
            print(f"  {size:>5} {label:<48} {m.wall:.3f}s", file=sys.stderr)
    text = table(measures)
    print(text)
    if args.json:
        args.json.write_text(
            json.dumps({"measures": [asdict(m) for m in measures], "table": text}, indent=2) + "\n",
            encoding="utf-8",
        )


if __name__ == "__main__":
    main()
