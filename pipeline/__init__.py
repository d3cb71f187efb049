"""tripmine's shell: readers, the stage runner, Parquet writing and the CLI."""


def __getattr__(name: str) -> str:
    # importlib.metadata costs a tenth of a second: read the version only when asked (`--version`, a run)
    if name != "__version__":
        raise AttributeError(f"module 'pipeline' has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("tripmine")
    except PackageNotFoundError:  # running from a source tree
        return "0.1.0"
