# The two commands of the README are `make demo` and `make test`; both set themselves up.
.PHONY: demo test bench lint bootstrap docs

PORT ?= 8001

bootstrap:
	@scripts/bootstrap.sh

demo: bootstrap
	@# a run that flags a broken site exits 1; the demo still serves what it archived
	-.venv/bin/nianbao run --replica --data-dir data
	.venv/bin/nianbao serve --data-dir data --port $(PORT)

test: bootstrap
	.venv/bin/ruff check .
	.venv/bin/python -m pytest -q -ra

# every bench/bench_*.py in one run (quick arguments, time limits), then every `bench: NAME VALUE (goal …)` line
bench: bootstrap
	.venv/bin/python bench/run_all.py

lint: bootstrap
	.venv/bin/ruff check .
