"""`python -m workshop` does the same as `workshop`."""

import sys

from workshop.cli import main

sys.exit(main())
