"""``python -m analysis.evaluate polnear|uncertainty [options]``: score the system on the
evaluation corpora kept outside the repository (see each module's --help)."""
import importlib
import sys

# command name -> module: PolNeAR attributions, Szeged uncertainty cues
EVALUATIONS = {"polnear": "attributions", "uncertainty": "uncertainty"}


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in EVALUATIONS:
        print(f"usage: python -m analysis.evaluate {{{'|'.join(EVALUATIONS)}}} [options]",
              file=sys.stderr)
        return 2
    module = importlib.import_module(f"analysis.evaluate.{EVALUATIONS[argv[0]]}")
    return module.main(argv[1:])


raise SystemExit(main(sys.argv[1:]))
