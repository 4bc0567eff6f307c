# stagedoc — build, tests, demo and installation.
#
#   make            build ./stagedoc
#   make demo       install missing Debian packages, then run stagedoc on a class
#                   workbook (init --tableur, export) and on samples/
#   make check      install missing packages, build, run every test
#   make check-asan the same tests under AddressSanitizer and UBSan
#   make install    PREFIX=/usr/local DESTDIR= (binary, templates, schema, man page, completion,
#                   systemd unit of stagedoc serve and its example configuration)

VERSION    := 0.1.0
PREFIX     ?= /usr/local
DATADIR    ?= $(PREFIX)/share/stagedoc
MANDIR     ?= $(PREFIX)/share/man/man1
COMPDIR    ?= $(PREFIX)/share/bash-completion/completions
UNITDIR    ?= $(PREFIX)/lib/systemd/system
CC         ?= cc
PKGS       := libxml-2.0 harfbuzz harfbuzz-subset libzip libqpdf libcrypto zlib libdeflate libmicrohttpd
# libharu and libhyphen ship no pkg-config file.
EXTRA_LIBS := -lhpdf -lhyphen -lm -pthread
# Debian packages the build and the tests need (checked by `make deps`);
# a Java runtime too, for PDFBox's PDF/A validator (any JRE will do: only
# its absence installs default-jre-headless).
DEB_PKGS   := gcc make pkg-config libc6-dev libxml2-dev libcmocka-dev libxml2-utils \
              libhpdf-dev libharfbuzz-dev libhyphen-dev hyphen-fr zlib1g-dev libdeflate-dev \
              poppler-utils qpdf time openssl libnss3-tools mupdf-tools \
              libzip-dev libqpdf-dev libssl-dev p7zip-full unzip zip \
              clang libclang-rt-14-dev libreoffice-calc-nogui mandoc \
              libmicrohttpd-dev chromium \
              libpdfbox2-java libactivation-java libjaxb-api-java icc-profiles-free

BASE_CFLAGS := -std=c11 -Wall -Wextra -Werror -D_POSIX_C_SOURCE=200809L \
               -DSTAGEDOC_VERSION='"$(VERSION)"' -DSTAGEDOC_DATADIR='"$(DATADIR)/templates"'
PKG_CFLAGS  = $(shell pkg-config --cflags $(PKGS))
PKG_LIBS    = $(shell pkg-config --libs $(PKGS)) $(EXTRA_LIBS)
OPT_CFLAGS ?= -O2
CFLAGS     ?=
BUILD      ?= build/release

SOURCES     := $(sort $(wildcard src/*/*.c))
LIB_SOURCES := $(filter-out src/cli/main.c,$(SOURCES))
OBJECTS     := $(SOURCES:%.c=$(BUILD)/%.o)
# The web page (web/) is built into the program: tools/embed-web.sh makes
# a C file of its bytes for src/serve/assets.h.
WEB_FILES   := $(sort $(wildcard web/*))
ASSETS_OBJ  := $(BUILD)/gen/assets_data.o
LIB_OBJECTS := $(LIB_SOURCES:%.c=$(BUILD)/%.o) $(ASSETS_OBJ)
TEST_SOURCES:= $(sort $(wildcard tests/unit/test_*.c))
TEST_BINS   := $(TEST_SOURCES:tests/unit/%.c=$(BUILD)/tests/%)
# Fuzz harnesses: tests/fuzz/fuzz_NAME.c, replayed on their corpus by the
# tests (replay_NAME, any compiler) and run by libFuzzer (`make fuzz`, clang).
FUZZ_NAMES  := $(sort $(patsubst tests/fuzz/fuzz_%.c,%,$(filter-out tests/fuzz/fuzz_support.c,$(wildcard tests/fuzz/fuzz_*.c))))
FUZZ_REPLAYS:= $(FUZZ_NAMES:%=$(BUILD)/tests/fuzz/replay_%)
FUZZ_SECONDS ?= 60
FUZZ_CFLAGS := -DFUZZ_TEMPLATES_DIR='"$(CURDIR)/templates"' -Isrc

ifeq ($(BUILD),build/release)
STAGEDOC_BIN := stagedoc
else
STAGEDOC_BIN := $(BUILD)/stagedoc
endif

ALL_CFLAGS = $(BASE_CFLAGS) $(OPT_CFLAGS) $(PKG_CFLAGS) $(CFLAGS)

.PHONY: all demo check check-asan tests deps install uninstall clean bench fuzz fuzz-build
all: $(STAGEDOC_BIN)

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/gen/assets_data.c: $(WEB_FILES) tools/embed-web.sh
	@mkdir -p $(dir $@)
	sh tools/embed-web.sh web $@

$(ASSETS_OBJ): $(BUILD)/gen/assets_data.c
	$(CC) $(ALL_CFLAGS) -c $< -o $@

$(BUILD)/libstagedoc.a: $(LIB_OBJECTS)
	@rm -f $@
	ar rcs $@ $^

$(STAGEDOC_BIN): $(BUILD)/src/cli/main.o $(BUILD)/libstagedoc.a
	$(CC) $(ALL_CFLAGS) -o $@ $^ $(PKG_LIBS) $(LDFLAGS)
ifneq ($(BUILD),build/release)
	@rm -rf $(BUILD)/templates $(BUILD)/fonts
	@ln -s $(CURDIR)/templates $(BUILD)/templates && ln -s $(CURDIR)/fonts $(BUILD)/fonts
endif

$(BUILD)/tests/%: tests/unit/%.c tests/unit/test_support.h tests/unit/test_public.h $(BUILD)/libstagedoc.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Isrc -o $@ $< $(BUILD)/libstagedoc.a $(PKG_LIBS) -lcmocka $(LDFLAGS)

$(BUILD)/tests/fuzz/replay_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz_support.c tests/fuzz/replay.c tests/fuzz/fuzz.h $(BUILD)/libstagedoc.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(FUZZ_CFLAGS) -o $@ $< tests/fuzz/fuzz_support.c tests/fuzz/replay.c \
	  $(BUILD)/libstagedoc.a $(PKG_LIBS) $(LDFLAGS)

$(BUILD)/tests/fuzz/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz_support.c tests/fuzz/fuzz.h $(BUILD)/libstagedoc.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $< tests/fuzz/fuzz_support.c \
	  $(BUILD)/libstagedoc.a $(PKG_LIBS) $(LDFLAGS)

# A second front end, built against the public header alone (no -Isrc):
# tests/e2e/api.sh runs it, tests/e2e/wall.sh checks what it includes.
API_BIN     := $(BUILD)/tests/api_build
$(API_BIN): tests/api/api_build.c src/engine/stagedoc.h $(BUILD)/libstagedoc.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(BUILD)/libstagedoc.a $(PKG_LIBS) $(LDFLAGS)

# The browser tests' one npm package (playwright-core, which drives Debian's
# chromium and never downloads a browser), installed as the lock file says.
BROWSER_MODULES := tests/browser/node_modules/.package-lock.json
$(BROWSER_MODULES): tests/browser/package.json tests/browser/package-lock.json
	cd tests/browser && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error

tests: $(STAGEDOC_BIN) $(TEST_BINS) $(FUZZ_REPLAYS) $(API_BIN) $(BROWSER_MODULES)

# Installs the Debian packages the build and tests need when they are missing:
# with apt-get when run as root, otherwise prints the command and stops.
deps:
	@missing=""; for p in $(DEB_PKGS); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; \
	done; \
	command -v npm >/dev/null || missing="$$missing nodejs npm"; \
	command -v java >/dev/null || missing="$$missing default-jre-headless"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installation de :$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	  else \
	    echo "Paquets manquants. Installez-les avec :"; \
	    echo "  sudo apt-get install$$missing"; exit 1; \
	  fi; \
	fi

check: deps
	$(MAKE) tests
	STAGEDOC=$(CURDIR)/$(STAGEDOC_BIN) TEST_BIN_DIR=$(CURDIR)/$(BUILD)/tests sh tests/run.sh

check-asan: deps
	$(MAKE) BUILD=build/asan OPT_CFLAGS="-O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all" \
	  LDFLAGS="-fsanitize=address,undefined" tests
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1 STAGEDOC_SANITIZED=1 \
	  STAGEDOC=$(CURDIR)/build/asan/stagedoc TEST_BIN_DIR=$(CURDIR)/build/asan/tests sh tests/run.sh

# libFuzzer on every harness for FUZZ_SECONDS each (ASan + UBSan, leaks
# and timeouts count), from the committed corpus and the harness's
# dictionary. The budgets are those a hostile input must be refused within:
# 5 s, and no allocation of more than 256 MiB; generous ones would let a
# bomb pass as fine. The RSS limit leaves room for ASan's and libFuzzer's
# own growth over a long run (a harness idles near 70 MiB and, in 20
# minutes of fuzz_pdf, creeps past 256 MiB with no input costing more than
# 30): an out-of-memory report is replayed alone to tell the two apart.
# New inputs go to build/fuzz/corpus/NAME, crashes to build/fuzz/crashes/NAME
# (copy them to tests/fuzz/regressions/NAME/ once fixed: `make check`
# replays them).
FUZZ_BUILD_FLAGS = BUILD=build/fuzz CC=clang \
  OPT_CFLAGS="-O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined,fuzzer-no-link -fno-sanitize-recover=all" \
  LDFLAGS="-fsanitize=address,undefined"
FUZZ_LIMITS = -timeout=5 -malloc_limit_mb=256 -rss_limit_mb=512
fuzz-build: deps
	$(MAKE) $(FUZZ_BUILD_FLAGS) $(FUZZ_NAMES:%=build/fuzz/tests/fuzz/fuzz_%)

fuzz: fuzz-build
	@for name in $(FUZZ_NAMES); do \
	  mkdir -p build/fuzz/corpus/$$name build/fuzz/crashes/$$name; \
	  echo "fuzz $$name ($(FUZZ_SECONDS) s)"; \
	  dict=; [ -f tests/fuzz/dict/$$name.dict ] && dict=-dict=tests/fuzz/dict/$$name.dict; \
	  ASAN_OPTIONS=quarantine_size_mb=16:malloc_context_size=5:detect_leaks=1 \
	  build/fuzz/tests/fuzz/fuzz_$$name -max_total_time=$(FUZZ_SECONDS) $(FUZZ_LIMITS) \
	    -max_len=65536 -close_fd_mask=3 -print_final_stats=1 -artifact_prefix=build/fuzz/crashes/$$name/ \
	    $$dict build/fuzz/corpus/$$name tests/fuzz/corpus/$$name \
	    2> build/fuzz/$$name.log || { tail -n 40 build/fuzz/$$name.log; exit 1; }; \
	  grep -E '^(stat::number_of_executed_units|#[0-9]+.*DONE)' build/fuzz/$$name.log | tail -n 2; \
	done

# The demo starts where a school starts: a class workbook. The example
# workbook of init --tableur is checked and built as it is; the sample
# promotion is exported to a workbook and its exam packages made from it;
# then the XML samples, stage by stage.
demo: deps
	$(MAKE) all
	./stagedoc init --tableur out/modele --force
	./stagedoc check out/modele/classe.xlsx
	./stagedoc build -o out/classe out/modele/classe.xlsx
	./stagedoc export --force -o out/promotion-2027.xlsx samples/promotion-2027.xml
	./stagedoc bundle -o out/paquets/classeur out/promotion-2027.xlsx
	./stagedoc check samples/*.xml
	./stagedoc calendar samples/*.xml
	./stagedoc build -o out samples/*.xml
	./stagedoc build --langue fr,en -o out/etranger samples/etranger.xml
	./stagedoc bundle -o out/paquets/promotion samples/promotion-2027.xml
	./stagedoc bundle -o out/paquets/exemples $(filter-out samples/promotion-2027.xml,$(wildcard samples/*.xml))
	./stagedoc bundle --commun samples/import/stage-commun.xml -o out/paquets/tableur samples/classe.csv
	./stagedoc calendar --format=csv samples/*.xml > out/calendrier.csv
	./stagedoc verify out/paquets/*/*.zip

# make bench BEFORE=REV: the same figures side by side with revision REV,
# built in a scratch worktree.
bench: deps
	$(MAKE) all $(BUILD)/tests/naive_libharu
	@if [ -n "$(BEFORE)" ]; then \
	  rm -rf build/before && git worktree add -f --detach build/before $(BEFORE) >/dev/null && \
	  $(MAKE) -C build/before all >/dev/null; fi
	NAIVE_LIBHARU=$(BUILD)/tests/naive_libharu \
	  STAGEDOC_BEFORE=$(if $(BEFORE),$(CURDIR)/build/before/stagedoc) sh tests/bench.sh
	@if [ -n "$(BEFORE)" ]; then git worktree remove --force build/before; fi

# The naive libharu floor the benchmark compares with (not part of stagedoc).
$(BUILD)/tests/naive_libharu: tests/bench/naive_libharu.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $< -lhpdf $(LDFLAGS)

# The systemd unit of `stagedoc serve` goes with the binary (its ExecStart
# names PREFIX/bin/stagedoc); the example configuration and the nginx
# variant go to DATADIR/exemples, never to /etc, which is the admin's.
install: $(STAGEDOC_BIN)
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(DATADIR) $(DESTDIR)$(MANDIR) $(DESTDIR)$(COMPDIR) \
	  $(DESTDIR)$(UNITDIR) $(DESTDIR)$(DATADIR)/exemples
	install -m 755 $(STAGEDOC_BIN) $(DESTDIR)$(PREFIX)/bin/stagedoc
	install -m 644 man/stagedoc.1 $(DESTDIR)$(MANDIR)/stagedoc.1
	install -m 644 completion/stagedoc.bash $(DESTDIR)$(COMPDIR)/stagedoc
	sed 's|@BINDIR@|$(PREFIX)/bin|g' dist/stagedoc.service > $(DESTDIR)$(UNITDIR)/stagedoc.service
	chmod 644 $(DESTDIR)$(UNITDIR)/stagedoc.service
	install -m 644 dist/stagedoc.default dist/nginx-stagedoc.conf $(DESTDIR)$(DATADIR)/exemples/
	cp -R templates fonts $(DESTDIR)$(DATADIR)/
	chmod -R a+rX $(DESTDIR)$(DATADIR)

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/stagedoc $(DESTDIR)$(MANDIR)/stagedoc.1 $(DESTDIR)$(COMPDIR)/stagedoc
	rm -f $(DESTDIR)$(UNITDIR)/stagedoc.service
	rm -rf $(DESTDIR)$(DATADIR)

clean:
	rm -rf build stagedoc out

-include $(OBJECTS:.o=.d)
