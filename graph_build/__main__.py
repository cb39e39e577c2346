"""``python -m graph_build`` is the ``plankg`` command."""

from .cli import main

main(prog_name="plankg")
