"""``python -m referat`` is the ``referat`` command."""

from referat.cli import main

main()
