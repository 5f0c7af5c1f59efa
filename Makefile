# Đảng bộ số: set-up, run, tests and benchmarks (GNU make).
#
#   make run     create .venv, install, migrate, seed demo data, print an admin enrollment
#                link, build the frontend and serve everything on http://localhost:3000
#   make test    lint + unit/API tests on SQLite and on PostgreSQL+Redis + browser tests
#   make bench   API load benchmark, then Lighthouse

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip
DANGBO := $(VENV)/bin/dangbo
INSTALLED := $(VENV)/.installed
CHROMIUM ?= /usr/bin/chromium

# The test suite's own defaults; .ci/run and a developer may point them elsewhere.
export DANGBO_TEST_PG_URL ?= postgresql://postgres@127.0.0.1:5432/postgres
export DANGBO_TEST_REDIS_URL ?= redis://127.0.0.1:6379/0

PYTEST := $(PY) -m pytest -p no:cacheprovider -ra --durations=10
# The embedded default: SQLite file under var/, in-memory stores, one process.
EMBEDDED := env -u DANGBO_REDIS_URL -u DANGBO_DATABASE_URL -u REDIS_URL -u REFLEX_REDIS_URL

.PHONY: help install run test lint test-sqlite test-postgres test-e2e bench bench-api \
	bench-lighthouse chromium pdf-tools pg-tools wrk clean

help:
	@echo "make run    - cài đặt, tạo dữ liệu mẫu và chạy ứng dụng tại http://localhost:3000"
	@echo "make test   - kiểm tra mã (ruff) và toàn bộ bộ kiểm thử (SQLite, PostgreSQL+Redis, trình duyệt)"
	@echo "make bench  - đo tải API và Lighthouse"
	@echo "Khác: install, lint, test-sqlite, test-postgres, test-e2e, bench-api, bench-lighthouse, chromium, pdf-tools, pg-tools, clean"

$(PY):
	$(PYTHON) -m venv $(VENV)

# Reinstall only when the project's dependencies changed.
$(INSTALLED): pyproject.toml | $(PY)
	$(PIP) install --disable-pip-version-check -qq -e '.[test]'
	touch $@

install: $(INSTALLED)

run: install
	$(EMBEDDED) $(DANGBO) migrate
	$(EMBEDDED) $(DANGBO) seed-demo
	$(EMBEDDED) $(DANGBO) vapid init
	$(EMBEDDED) $(DANGBO) ca init
	@echo
	@echo "================================================================================"
	@echo " Liên kết đăng ký khóa truy cập cho quản trị viên (quantri), dùng một lần, 72 giờ:"
	@$(EMBEDDED) $(DANGBO) invite --user quantri | sed 's/^/   /' | tee var/admin-invite.txt
	@echo " (đã lưu vào var/admin-invite.txt; lần đầu, giao diện mất 1-2 phút để dựng)"
	@echo "================================================================================"
	@echo " Công dân đăng nhập qua trình giả lập VNeID: http://localhost:3000/cong-dan/dang-nhap"
	@echo
	$(EMBEDDED) DANGBO_VNEID_SIMULATOR=1 $(DANGBO) serve

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) -m tests.import_rules

test-sqlite: install
	DANGBO_TEST_BACKEND=sqlite $(PYTEST) --timeout=300 tests --ignore=tests/e2e -m "not e2e"

test-postgres: install
	DANGBO_TEST_BACKEND=postgres $(PYTEST) --timeout=300 tests --ignore=tests/e2e -m "not e2e"

# Browser tests need Debian's Chromium: missing, they fail (make chromium installs it).
test-e2e: install
	@test -x $(CHROMIUM) || { echo "Thiếu Chromium tại $(CHROMIUM): chạy 'make chromium'." >&2; exit 1; }
	$(PYTEST) --timeout=900 tests/e2e

test: lint test-sqlite test-postgres test-e2e

bench: bench-api bench-lighthouse

bench-api: install
	@command -v wrk >/dev/null || $(MAKE) --no-print-directory wrk || echo "(không có wrk: dùng bộ tạo tải Python)"
	$(PY) -m benchmarks.api_load

bench-lighthouse: install
	@test -x $(CHROMIUM) || { echo "Thiếu Chromium tại $(CHROMIUM): chạy 'make chromium'." >&2; exit 1; }
	$(PY) -m benchmarks.lighthouse

chromium:
	@if [ -x $(CHROMIUM) ]; then echo "Chromium: $$($(CHROMIUM) --version)"; else \
		SUDO=""; if [ "$$(id -u)" != 0 ] && command -v sudo >/dev/null; then SUDO=sudo; fi; \
		export DEBIAN_FRONTEND=noninteractive; \
		$$SUDO apt-get update -q && $$SUDO apt-get install -y -q chromium; \
	fi

# Other PDF readers' view of our signatures (tests/pdf_readers.py): poppler's pdfsig and NSS's
# certutil, from Debian. Missing, the signing tests fail (this target installs them).
pdf-tools:
	@if command -v pdfsig >/dev/null && command -v certutil >/dev/null; then \
		echo "pdfsig, certutil: ok"; else \
		SUDO=""; if [ "$$(id -u)" != 0 ] && command -v sudo >/dev/null; then SUDO=sudo; fi; \
		export DEBIAN_FRONTEND=noninteractive; \
		$$SUDO apt-get update -q && $$SUDO apt-get install -y -q poppler-utils libnss3-tools; \
	fi

# pg_dump for the secret-ballot privacy test (it dumps the test database): missing, it fails.
pg-tools:
	@if pg_dump --version >/dev/null 2>&1; then \
		echo "pg_dump: ok"; else \
		SUDO=""; if [ "$$(id -u)" != 0 ] && command -v sudo >/dev/null; then SUDO=sudo; fi; \
		export DEBIAN_FRONTEND=noninteractive; \
		$$SUDO apt-get update -q && $$SUDO apt-get install -y -q postgresql-client; \
	fi

wrk:
	@command -v wrk >/dev/null || { \
		SUDO=""; if [ "$$(id -u)" != 0 ] && command -v sudo >/dev/null; then SUDO=sudo; fi; \
		export DEBIAN_FRONTEND=noninteractive; \
		$$SUDO apt-get update -q && $$SUDO apt-get install -y -q wrk; }

clean:
	rm -rf .web .states benchmarks/out
