.PHONY: install check test bench fixtures font sample eval

install:
	python3 -m pip install -e ".[test,cluster]"

check:
	ruff check extractors pipeline tests
	lint-imports
	python3 -m mypy

test:
	python3 -m pytest -q

sample:
	pipeline run --stage all

eval: sample
	pipeline eval --gold tests/gold --out data/processed

fixtures:
	python3 tests/fixtures/make_pdfs.py

font:
	python3 tests/fixtures/fonts/make_font.py

bench:
	python3 benchmarks/run.py --n 800
	python3 benchmarks/resolve_bench.py
