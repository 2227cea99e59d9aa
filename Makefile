# Trae AWS SDK. `make demo` runs the end-to-end demo on embedded defaults; `make test` runs every test.
# Both install what is missing on a fresh Debian machine with a JDK (Maven, Tesseract, PostgreSQL).

SHELL := /bin/bash
MVN ?= mvn
MVN_FLAGS ?= -B -ntp
APT_PACKAGES := maven tesseract-ocr tesseract-ocr-eng tesseract-ocr-rus tesseract-ocr-ukr libtesseract-dev fonts-dejavu fonts-liberation fonts-freefont-ttf postgresql python3 python3-boto3 chromium chromium-driver awscli
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: deps demo test bench build clean postgres fuzz release-check

## deps: install missing system packages through apt-get (only what is missing)
deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi
	@$(MAKE) --no-print-directory postgres

## postgres: make sure a local PostgreSQL server is running (tests and benchmarks export from it)
postgres:
	@if ! pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then \
	  if command -v pg_ctlcluster >/dev/null 2>&1; then \
	    v=$$(ls /etc/postgresql 2>/dev/null | sort -n | tail -1); \
	    if [ -z "$$v" ]; then echo "PostgreSQL is installed but has no cluster"; exit 1; fi; \
	    $(SUDO) pg_ctlcluster --skip-systemctl-redirect $$v main start || true; \
	  fi; \
	  for i in $$(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done; \
	fi
	@pg_isready -h 127.0.0.1 -p 5432 >/dev/null && echo "PostgreSQL is ready on 127.0.0.1:5432" || echo "warning: PostgreSQL is not reachable; JDBC tests against it will skip"

build: deps
	$(MVN) $(MVN_FLAGS) -q install -DskipTests

## demo: the end-to-end pipeline across the modules on Trae Local (embedded S3 + AWS fakes)
## STEP=web starts the Spring Boot web example (examples/spring-boot-assistant) on Trae Local and prints its URL (PORT=8080)
demo: build
ifeq ($(STEP),web)
	$(MVN) $(MVN_FLAGS) -q -pl examples/spring-boot-assistant exec:java -Dexec.args="--server.port=$(or $(PORT),8080)"
else
	$(MVN) $(MVN_FLAGS) -q -pl examples exec:java -Dexec.args="$(CURDIR)/demo-output $(STEP)"
endif

## test: every test of every module, then the release check
test: deps
	$(MVN) $(MVN_FLAGS) install
	@$(MAKE) --no-print-directory release-check

## release-check: what a release builds (jars, sources, javadoc with doclint; no signing), built twice in fresh copies
## of the working tree; fails unless the jars are byte-identical. The release profile itself is never run here.
release-check:
	MVN="$(MVN)" MVN_FLAGS="$(MVN_FLAGS)" scripts/release-check.sh

## fuzz: the fuzz targets (jqwik) with a long budget; TRIES=n per property (make test runs 100)
fuzz:
	$(MVN) $(MVN_FLAGS) -pl trae-security -am test -Dtest='*FuzzTest' -Dsurefire.failIfNoSpecifiedTests=false -Djqwik.tries.default=$(or $(TRIES),5000)

## bench: benchmarks, written to benchmarks/results/ (JSON + Markdown). SUITE=name runs one; QUICK=1 a smoke run.
bench: build
	$(if $(QUICK),QUICK=1 )$(MVN) $(MVN_FLAGS) -q -pl benchmarks exec:exec -Dbench.args="$(or $(SUITE),all)"

clean:
	$(MVN) $(MVN_FLAGS) -q clean
