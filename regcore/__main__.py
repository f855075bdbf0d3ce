"""``python -m regcore …``: the same command line as ``regcore …``."""

import sys

from regcore.cli import main

sys.exit(main())
