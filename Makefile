# Two commands set up everything: `make run` and `make test`.
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp
export PREFECT_SERVER_LOGGING_LEVEL ?= CRITICAL
export PREFECT_SERVER_ANALYTICS_ENABLED ?= false
export PREFECT_LOGGING_LEVEL ?= WARNING

.PHONY: run test test-fast lint format eval bench screenshot system-deps clean serve

# Corpus sizes for `make bench` (the targets are judged at 10,000 and 100,000; the largest
# takes a while): `make bench SIZES=1000` for a quick look.
SIZES ?= 10000 100000

$(STAMP): pyproject.toml constraints.txt scripts/install.sh
	bash scripts/install.sh $(VENV)
	touch $(STAMP)

# What `make run` reads: files, folders, .jsonl files and http(s) URLs, e.g. INPUTS='seeds/ corpus.jsonl'.
INPUTS ?= seeds/

run: $(STAMP)
	$(VENV)/bin/factledger run $(INPUTS)

serve: $(STAMP)
	bash deployments/serve.sh $(ARGS)

system-deps:
	bash scripts/system-deps.sh

test: $(STAMP) system-deps
	$(VENV)/bin/pytest

test-fast: $(STAMP)
	$(VENV)/bin/pytest -m "not flow and not postgres and not browser"

lint: $(STAMP)
	$(VENV)/bin/ruff check factledger flows tasks tests bench
	$(VENV)/bin/ruff format --check factledger flows tasks tests bench
	$(VENV)/bin/mypy factledger

format: $(STAMP)
	$(VENV)/bin/ruff format factledger flows tasks tests bench

# Refresh the README's pictures: docs/prefect-run.png and the review app's docs/review-*.png, docs/data-docs.png.
screenshot: $(STAMP) system-deps
	FACTLEDGER_SCREENSHOT_DIR=$(CURDIR)/docs $(VENV)/bin/pytest \
		tests/flows/test_serve.py::test_screenshot_of_the_run_page_with_its_artifacts \
		tests/review/test_browser.py::test_reviewer_decides_the_top_item_by_keyboard_and_lands_on_the_next \
		tests/review/test_browser.py::test_a_reviewer_works_the_queue_to_its_end \
		tests/review/test_browser.py::test_a_quality_item_has_its_own_page_and_is_dismissed_from_it \
		tests/review/test_browser.py::test_data_docs_show_an_articles_markup_as_text_and_run_none_of_it

# The development set of real articles is read from ../shared/devset (FACTLEDGER_DEVSET).
eval: $(STAMP)
	$(PY) bench/eval_devset.py
	$(PY) bench/eval_extraction.py
	$(PY) bench/eval_numbers.py
	$(PY) bench/bench_extraction.py

bench: $(STAMP)
	$(PY) bench/bench_pipeline.py --sizes $(SIZES)

clean:
	rm -rf $(VENV) .factledger
