"""The ``plankg`` command: one module per command group, each parsing options and calling the API."""
