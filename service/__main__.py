import os
import sys

# `python -m service` puts the working folder first on the path: its own folder named "index" (an index
# directory) would shadow the package of that name.
if os.path.realpath(os.getcwd()) != os.path.realpath(os.path.join(os.path.dirname(__file__), "..")):
    sys.path[:] = [p for p in sys.path if p not in ("", os.getcwd())]

from service.cli import main

sys.exit(main())
