"""The named-query library, typed parameters, running them against a store, and result formats."""
