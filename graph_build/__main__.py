"""``python -m graph_build`` is the ``plankg`` command."""

from graph_build.cli.main import main

main(prog_name="plankg")
