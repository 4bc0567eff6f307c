# stagedoc — build, tests, demo and installation.
#
#   make            build ./stagedoc
#   make demo       install missing Debian packages, then run stagedoc on samples/
#   make check      install missing packages, build, run every test
#   make check-asan the same tests under AddressSanitizer and UBSan
#   make install    PREFIX=/usr/local DESTDIR= (binary, templates, schema, man page, completion)

VERSION    := 0.1.0
PREFIX     ?= /usr/local
DATADIR    ?= $(PREFIX)/share/stagedoc
MANDIR     ?= $(PREFIX)/share/man/man1
COMPDIR    ?= $(PREFIX)/share/bash-completion/completions
CC         ?= cc
PKGS       := libxml-2.0 harfbuzz harfbuzz-subset libzip libqpdf libcrypto zlib
# libharu and libhyphen ship no pkg-config file.
EXTRA_LIBS := -lhpdf -lhyphen -lm
# Debian packages the build and the tests need (checked by `make deps`).
DEB_PKGS   := gcc make pkg-config libc6-dev libxml2-dev libcmocka-dev libxml2-utils \
              libhpdf-dev libharfbuzz-dev libhyphen-dev hyphen-fr zlib1g-dev \
              poppler-utils qpdf time openssl libnss3-tools mupdf-tools \
              libzip-dev libqpdf-dev libssl-dev p7zip-full unzip \
              clang libclang-rt-14-dev libreoffice-calc-nogui mandoc

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
LIB_OBJECTS := $(LIB_SOURCES:%.c=$(BUILD)/%.o)
TEST_SOURCES:= $(sort $(wildcard tests/unit/test_*.c))
TEST_BINS   := $(TEST_SOURCES:tests/unit/%.c=$(BUILD)/tests/%)

ifeq ($(BUILD),build/release)
STAGEDOC_BIN := stagedoc
else
STAGEDOC_BIN := $(BUILD)/stagedoc
endif

ALL_CFLAGS = $(BASE_CFLAGS) $(OPT_CFLAGS) $(PKG_CFLAGS) $(CFLAGS)

.PHONY: all demo check check-asan tests deps install uninstall clean bench
all: $(STAGEDOC_BIN)

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/libstagedoc.a: $(LIB_OBJECTS)
	@rm -f $@
	ar rcs $@ $^

$(STAGEDOC_BIN): $(BUILD)/src/cli/main.o $(BUILD)/libstagedoc.a
	$(CC) $(ALL_CFLAGS) -o $@ $^ $(PKG_LIBS) $(LDFLAGS)
ifneq ($(BUILD),build/release)
	@rm -rf $(BUILD)/templates $(BUILD)/fonts
	@ln -s $(CURDIR)/templates $(BUILD)/templates && ln -s $(CURDIR)/fonts $(BUILD)/fonts
endif

$(BUILD)/tests/%: tests/unit/%.c tests/unit/test_support.h $(BUILD)/libstagedoc.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Isrc -o $@ $< $(BUILD)/libstagedoc.a $(PKG_LIBS) -lcmocka $(LDFLAGS)

tests: $(STAGEDOC_BIN) $(TEST_BINS)

# Installs the Debian packages the build and tests need when they are missing:
# with apt-get when run as root, otherwise prints the command and stops.
deps:
	@missing=""; for p in $(DEB_PKGS); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; \
	done; \
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
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1 \
	  STAGEDOC=$(CURDIR)/build/asan/stagedoc TEST_BIN_DIR=$(CURDIR)/build/asan/tests sh tests/run.sh

demo: deps
	$(MAKE) all
	./stagedoc check samples/*.xml
	./stagedoc calendar samples/*.xml
	./stagedoc build -o out samples/*.xml
	./stagedoc bundle -o out/paquets/promotion samples/promotion-2027.xml
	./stagedoc bundle -o out/paquets/exemples $(filter-out samples/promotion-2027.xml,$(wildcard samples/*.xml))
	./stagedoc verify out/paquets/*/*.zip

bench: deps
	$(MAKE) all
	sh tests/bench.sh

install: $(STAGEDOC_BIN)
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(DATADIR) $(DESTDIR)$(MANDIR) $(DESTDIR)$(COMPDIR)
	install -m 755 $(STAGEDOC_BIN) $(DESTDIR)$(PREFIX)/bin/stagedoc
	install -m 644 man/stagedoc.1 $(DESTDIR)$(MANDIR)/stagedoc.1
	install -m 644 completion/stagedoc.bash $(DESTDIR)$(COMPDIR)/stagedoc
	cp -R templates fonts $(DESTDIR)$(DATADIR)/
	chmod -R a+rX $(DESTDIR)$(DATADIR)

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/stagedoc $(DESTDIR)$(MANDIR)/stagedoc.1 $(DESTDIR)$(COMPDIR)/stagedoc
	rm -rf $(DESTDIR)$(DATADIR)

clean:
	rm -rf build stagedoc out

-include $(OBJECTS:.o=.d)
