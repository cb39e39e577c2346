"""Foundations every layer may use: errors, IRIs and prefixes, the Vietnamese text fold,
atomic writes, the GC pause and where the bundled data folders are. Imports nothing else of plankg.
"""
