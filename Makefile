.PHONY: install check test bench fixtures font sample eval eval-dev

DEV ?= ../shared/dev
DEV_OUT ?= data/processed-dev

install:
	python3 -m pip install -e ".[test,cluster]"

check:
	ruff check extractors pipeline tests
	lint-imports

test:
	python3 -m pytest -q

sample:
	pipeline run --stage all

eval: sample
	pipeline eval --gold tests/gold --out data/processed

# The dev set's per-area table (reports and gold in ../shared/dev, not in the repository).
eval-dev:
	pipeline run --stage all --raw $(DEV)/reports --out $(DEV_OUT)
	pipeline eval --gold $(DEV)/gold --out $(DEV_OUT)

fixtures:
	python3 tests/fixtures/make_pdfs.py

font:
	python3 tests/fixtures/fonts/make_font.py

bench:
	python3 benchmarks/run.py --n 800
	python3 benchmarks/resolve_bench.py
