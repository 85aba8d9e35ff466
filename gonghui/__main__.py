"""`python -m gonghui start`: see gonghui/start.py."""

import sys

from gonghui.start import main

sys.exit(main())
