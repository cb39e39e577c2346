"""SHACL validation: plankg's own engine for the shapes it uses, pySHACL as the reference.
"""
