"""tripmine's shell: readers, the stage runner, Parquet writing and the CLI."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("tripmine")
except PackageNotFoundError:  # running from a source tree
    __version__ = "0.1.0"
