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

bench: bootstrap
	@for b in bench/bench_*.py; do echo "== $$b"; .venv/bin/python $$b || exit 1; done

lint: bootstrap
	.venv/bin/ruff check .
