"""``python -m gateway`` is ``intake-gateway``."""

import sys

from gateway.cli import main

sys.exit(main())
