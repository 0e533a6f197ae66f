"""`python -m analysis`: the command line (see ``cli``)."""
from .apps.cli import main

raise SystemExit(main())
