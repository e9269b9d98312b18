"""The package's own version; the build backend (_backend/) reads it from here."""

__version__ = "0.8.0"

# The library release this package was written against: the loader accepts a
# libcsvc with the same major version and at least this minor version.
EXPECTED_LIBRARY = (0, 8)
