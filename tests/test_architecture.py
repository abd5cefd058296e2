"""The shape of the code (issue 13): a question flows one way through `indexer/`, the CLI's
help is instant, modules stay small, the chat edge is thin, no generated index is tracked."""

import ast
import subprocess
import sys
from pathlib import Path

from conftest import REPO

PACKAGE = REPO / "indexer"
MAX_MODULE_LINES = 300


def _imports(path: Path) -> set[str]:
    """Sibling modules `path` imports, at module level or inside functions."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            found |= {node.module.split(".")[0]} if node.module else {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("indexer."):
            found.add(node.module.split(".")[1])
        elif isinstance(node, ast.Import):
            found |= {a.name.split(".")[1] for a in node.names if a.name.startswith("indexer.")}
    return found


def test_no_import_cycle_in_the_package():
    graph = {p.stem: _imports(p) for p in PACKAGE.glob("*.py")}
    state: dict[str, int] = {}

    def visit(module: str, path: list[str]) -> None:
        state[module] = 1
        for dependency in sorted(graph.get(module, ())):
            assert state.get(dependency) != 1, " → ".join(path + [dependency])
            if dependency not in state:
                visit(dependency, path + [dependency])
        state[module] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])


def test_the_index_never_imports_answering_or_the_chat():
    below = {"store", "search", "lexical", "vectors", "query", "manifest", "build", "live"}
    above = {"answering", "conversation", "render", "feedback", "serving", "cli", "cli_output"}
    for module in below:
        assert not _imports(PACKAGE / f"{module}.py") & above, module


def test_help_loads_neither_faiss_nor_bm25s():
    result = subprocess.run([sys.executable, "-X", "importtime", "-m", "indexer", "--help"],
                            capture_output=True, text=True, cwd=REPO, timeout=60)
    assert result.returncode == 0 and "build" in result.stdout
    loaded = {line.rsplit("|", 1)[-1].strip().split(".")[0] for line in result.stderr.splitlines()
              if line.startswith("import time:")}
    assert not loaded & {"faiss", "bm25s", "numpy", "torch", "onnxruntime", "sentence_transformers"}


def test_every_module_is_at_most_300_lines():
    files = [*PACKAGE.glob("*.py"), REPO / "chat_app.py", *(REPO / "eval").glob("*.py"),
             *(REPO / "tests").glob("*.py")]
    long = {p.relative_to(REPO).as_posix(): n for p in files
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES}
    assert long == {}


def test_the_chat_imports_only_from_the_package_surface():
    tree = ast.parse((REPO / "chat_app.py").read_text(encoding="utf-8"))
    deep = [node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
            and (node.module or "").startswith("indexer.")]
    assert deep == []


def test_no_generated_index_is_tracked():
    tracked = subprocess.run(["git", "ls-files"], capture_output=True, text=True, cwd=REPO,
                             check=True).stdout.splitlines()
    assert not [p for p in tracked if p.endswith((".faiss", ".npy", "manifest.json", "chunks.jsonl"))]
