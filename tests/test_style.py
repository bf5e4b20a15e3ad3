"""Notebook code reads like a paper: no line over 120 columns, no `a; b` semicolon chains and no block body on its
header's line (`if x: y`, `else: y`, `def f(): return y`) in any code cell.

Pure Python (json + tokenize), so it runs in well under a second and needs no Genesis."""
import ast
import io
import json
import tokenize
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MAX_COLUMNS = 120

# Paths relative to the project root of notebooks exempt from the rule while other work on them is in flight.
EXCLUDE: set[str] = set()   # notebooks exempt from the rule (none: every notebook follows it)
# Notebooks still holding one-line blocks: other work was in flight on them when the rest were unfolded.
ONE_LINE_EXCLUDE: set[str] = set()


def notebooks() -> list[Path]:
    return sorted(p for p in (ROOT / "nbs").rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)


def _is_magic(line: str) -> bool:
    return line.lstrip().startswith(("%", "!"))


def long_lines(source: str) -> list[int]:
    "1-based numbers of the lines of `source` longer than `MAX_COLUMNS` (IPython magics skipped)."
    return [i for i, line in enumerate(source.splitlines(), 1) if len(line) > MAX_COLUMNS and not _is_magic(line)]


def semicolon_chains(source: str) -> list[int]:
    "1-based numbers of the lines of `source` where a `;` separates two statements (not in strings or comments)."
    # magics become `pass` so the cell tokenizes; line numbers stay the same
    code = "\n".join("pass" if _is_magic(line) else line for line in source.splitlines()) + "\n"
    try:
        toks = list(tokenize.generate_tokens(io.StringIO(code).readline))
    except (tokenize.TokenError, SyntaxError, IndentationError) as e:
        raise AssertionError(f"cannot tokenize: {e}") from None
    ends = (tokenize.NEWLINE, tokenize.NL, tokenize.COMMENT, tokenize.ENDMARKER)
    # a trailing `;` (the notebook idiom that hides a cell's output) ends a statement without starting another
    return sorted({t.start[0] for t, nxt in zip(toks, toks[1:])
                   if t.type == tokenize.OP and t.string == ";" and nxt.type not in ends})


def one_line_blocks(source: str) -> list[int]:
    "1-based numbers of the lines of `source` where a block's first statement shares its header's line."
    code = "\n".join("pass" if _is_magic(line) else line for line in source.splitlines()) + "\n"
    lines = code.splitlines()
    found = set()
    for node in ast.walk(ast.parse(code)):
        for field in ("body", "orelse", "finalbody"):
            body = getattr(node, field, None)
            if isinstance(node, (ast.stmt, ast.excepthandler)) and isinstance(body, list) and body:
                first = body[0]
                head = lines[first.lineno - 1].encode()[:first.col_offset].decode()
                if head.strip() and head.rstrip().endswith(":"):
                    found.add(first.lineno)
    return sorted(found)


def violations(nb: Path) -> list[str]:
    "One message per offending line of `nb`'s code cells: file, cell id, line number and what is wrong."
    rel = nb.relative_to(ROOT).as_posix()
    out = []
    for cell in json.loads(nb.read_text(encoding="utf-8"))["cells"]:
        if cell["cell_type"] != "code":
            continue
        source = "".join(cell["source"])
        where = f"{rel} cell {cell.get('id', '?')}"
        lines = source.splitlines()
        out += [f"{where} line {i}: {len(lines[i - 1])} columns > {MAX_COLUMNS}" for i in long_lines(source)]
        out += [f"{where} line {i}: semicolon chain `{lines[i - 1].strip()[:60]}`" for i in semicolon_chains(source)]
        if rel not in ONE_LINE_EXCLUDE:
            out += [f"{where} line {i}: block body on its header's line `{lines[i - 1].strip()[:60]}`"
                    for i in one_line_blocks(source)]
    return out


def test_checks_catch_what_they_should():
    test_src = 'x = 1; y = 2\ns = "a; b"  # c; d\nplt.plot(x);\n%time f(); g()\n' + "z = 0" + " " * 120 + "\n"
    assert semicolon_chains(test_src) == [1]
    assert long_lines(test_src) == [5]
    assert semicolon_chains("if x: a(); b()\n") == [1]
    assert long_lines("!" + "x" * 200) == []
    one_liners = "if x: y()\nelse: z()\ndef f(): return 1\nif a:\n    b()\nelif c: d()\ntry: e()\nexcept E: pass\n"
    assert one_line_blocks(one_liners) == [1, 2, 3, 6, 7, 8]
    assert one_line_blocks('s = "if x: y"\nf = lambda v: v\nd = {1: 2}\n') == []


def test_excluded_notebooks_exist():
    missing = sorted(p for p in EXCLUDE | ONE_LINE_EXCLUDE if not (ROOT / p).is_file())
    assert not missing, f"EXCLUDE names notebooks that do not exist: {missing}"


@pytest.mark.parametrize("nb", notebooks(), ids=lambda p: p.relative_to(ROOT / "nbs").as_posix())
def test_notebook_style(nb):
    if nb.relative_to(ROOT).as_posix() in EXCLUDE:
        pytest.skip("excluded until the lead reflows it (see EXCLUDE)")
    found = violations(nb)
    assert not found, f"{len(found)} style problem(s):\n" + "\n".join(found)
