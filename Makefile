# Tradelane: `make run` serves the API with demo data on the embedded default; `make test` runs every check.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install run test test-sqlite test-fuzz test-scale-out lint format bench clean client

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

run: install
	$(BIN)/python main.py migrate
	@echo "Demo API keys (also in var/demo-keys.json) and console users:"
	@$(BIN)/python main.py seed-demo
	@echo "Serving on http://127.0.0.1:8000: console at /console, API docs at /docs; Ctrl-C stops all."
	$(BIN)/python main.py serve

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

test-sqlite: install
	@echo "== SQLite stage (embedded default) =="
	env -u TEST_DATABASE_URL -u TEST_REDIS_URL $(BIN)/python -m pytest -m "not postgres and not fuzz"

# Schemathesis over every operation under a key of each role (tests/e2e/test_api_fuzz.py), on two processes.
test-fuzz: install
	@echo "== Schemathesis stage (every operation, each role) =="
	env -u TEST_DATABASE_URL -u TEST_REDIS_URL $(BIN)/python -m pytest -m fuzz -n 2 -rP tests/e2e/test_api_fuzz.py

test-scale-out: install
	PY=$(BIN)/python scripts/test-scale-out.sh

test: lint test-sqlite test-fuzz test-scale-out

# The Python client of the API, generated from its OpenAPI document (tests/core/test_client_fresh.py checks it).
client: install
	$(BIN)/python scripts/generate_client.py

bench: install
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) var .mypy_cache .ruff_cache .pytest_cache
