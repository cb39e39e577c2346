"""Cross-plan link suggestions (SSSOM) from names compared after Vietnamese normalisation."""
