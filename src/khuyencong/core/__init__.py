"""Base floor: the edition's identity and request, paths, atomic files, locks, the build cache,
escaping. Imports nothing else of the package but `errors`.
"""
