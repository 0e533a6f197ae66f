"""``python -m analysis.evaluate polnear|polnear-misses|uncertainty|train-cues|audit [options]``:
score the system on the evaluation corpora kept outside the repository, count what it misses
on PolNeAR, or refit the cue model on PolNeAR train (see each module's --help)."""
import importlib
import sys

# command name -> module: PolNeAR attributions and their misses, Szeged uncertainty cues,
# the cue model
EVALUATIONS = {"polnear": "attributions", "polnear-misses": "misses",
               "uncertainty": "uncertainty", "train-cues": "train_cues", "audit": "audit"}


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in EVALUATIONS:
        print(f"usage: python -m analysis.evaluate {{{'|'.join(EVALUATIONS)}}} [options]",
              file=sys.stderr)
        return 2
    module = importlib.import_module(f"analysis.evaluate.{EVALUATIONS[argv[0]]}")
    return module.main(argv[1:])


raise SystemExit(main(sys.argv[1:]))
