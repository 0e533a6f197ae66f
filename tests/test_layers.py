"""The package's modules import one way, from the core up to the apps: each folder is a layer,
no module imports a higher one, no cycles, and no import hidden inside a function to get round
one."""
import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "analysis"
# One folder per layer, lowest first: a module imports only its own folder and those below.
LAYERS = ("core", "text", "parse", "components", "pipeline", "tables", "corpus", "views", "apps",
          "evaluate")
# The package's own entry modules sit above every layer.
ENTRY_MODULES = ("analysis", "analysis.__main__")


def layer_of(module: str) -> int:
    """A module's layer, read from its folder."""
    if module in ENTRY_MODULES:
        return len(LAYERS)
    return LAYERS.index(module.split(".")[1])


def module_name(path: Path) -> str:
    parts = ["analysis", *path.relative_to(PACKAGE).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> list[tuple[str, bool]]:
    """(imported analysis module, whether the import sits inside a function)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module_name(path).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    inner = {id(node) for fn in ast.walk(tree)
             if isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef))
             for node in ast.walk(fn)}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            base = package[:len(package) - node.level + 1] if node.level else []
            target = ".".join(base + ([node.module] if node.module else []))
            names = [target] if node.module else [f"{target}.{a.name}" for a in node.names]
            found += [(t, id(node) in inner) for t in names if t.startswith("analysis")]
        elif isinstance(node, ast.Import):
            found += [(a.name, id(node) in inner) for a in node.names
                      if a.name.startswith("analysis")]
    return found


def graph() -> dict[str, set[str]]:
    modules = {module_name(p) for p in PACKAGE.rglob("*.py")}

    def known(name: str) -> str:
        while name not in modules:
            name = name.rsplit(".", 1)[0]
        return name

    return {module_name(p): {known(t) for t, _ in imports(p)} - {module_name(p)}
            for p in PACKAGE.rglob("*.py")}


def test_no_import_cycles():
    edges = graph()
    state: dict[str, int] = {}

    def visit(module: str, path: list[str]) -> None:
        state[module] = 1
        for target in edges.get(module, ()):
            assert state.get(target) != 1, "import cycle: " + " -> ".join(path + [target])
            if target not in state:
                visit(target, path + [target])
        state[module] = 2

    for module in sorted(edges):
        if module not in state:
            visit(module, [module])


def test_lower_layers_never_import_higher_ones():
    for module, targets in graph().items():
        for target in targets:
            if target == "analysis" or module.startswith(target + "."):
                continue  # a package's own __init__
            assert layer_of(target) <= layer_of(module), f"{module} imports {target}"


def test_every_module_sits_in_a_layer_folder():
    loose = [p.name for p in PACKAGE.glob("*.py") if module_name(p) not in ENTRY_MODULES]
    assert not loose, f"modules outside the layer folders: {loose}"
    folders = {p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    assert folders == set(LAYERS)


def test_components_import_at_module_level():
    for path in PACKAGE.rglob("*.py"):
        if layer_of(module_name(path)) <= LAYERS.index("pipeline"):
            hidden = [t for t, inside in imports(path) if inside]
            assert not hidden, f"{module_name(path)} imports {hidden} inside a function"
