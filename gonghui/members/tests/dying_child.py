"""A child process that dies without a word (for test_roster_check)."""

import os

os._exit(3)
