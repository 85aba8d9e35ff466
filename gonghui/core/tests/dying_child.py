"""A child process that dies without a word (for the pipe tests)."""

import os

os._exit(3)
