.PHONY: install check test bench fixtures font sample eval eval-dev

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

# The dev set (../shared/dev: six constructed reports with gold) run into a temporary
# folder and scored per area.
DEV ?= ../shared/dev
eval-dev:
	@test -d $(DEV)/reports || { echo "no dev set at $(DEV) (set DEV=<folder with reports/ and gold/>)"; exit 1; }
	@out=$$(mktemp -d) && trap 'rm -rf "$$out"' EXIT && \
	python3 -m pipeline.cli run --stage all --raw $(DEV)/reports --out "$$out" > /dev/null && \
	python3 -m pipeline.cli eval --gold $(DEV)/gold --out "$$out"

fixtures:
	python3 tests/fixtures/make_pdfs.py

font:
	python3 tests/fixtures/fonts/make_font.py

bench:
	python3 benchmarks/run.py --n 800
	python3 benchmarks/resolve_bench.py
