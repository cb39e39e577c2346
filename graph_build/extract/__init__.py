"""Draft a plan folder from a Vietnamese plan text (``plankg extract``).

Rules over the phrasing that the Decree 37/2019 outline fixes for plan
decisions and their announcements; every entity quotes the text it came from.
"""
