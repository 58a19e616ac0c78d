# newsidx — build, test, demo, bench, install.
#
#   make deps         install the Debian build packages (apt-get; root or sudo)
#   make              build build/newsidx
#   make test         build and run every test (unit, CLI, gold scores)
#   make check-asan   the same tests against an ASan+UBSan build
#   make check-valgrind  the CLI tests with every newsidx run under valgrind
#   make demo         ingest the bundled sample and run a few queries
#   make bench        generate a large dump and print throughput figures
#   make fuzz         run a libFuzzer target per parser, the reader and the query language
#   make install      install binary, man page, completions and README under $(DESTDIR)$(PREFIX)

PREFIX   ?= /usr/local
DESTDIR  ?=
BUILD    ?= build
CC       ?= cc
CFLAGS   ?= -O2 -g
LDFLAGS  ?=

PACKAGES  = sqlite3 libpcre2-8 libxml-2.0 zlib libutf8proc libzstd libpq
WARNINGS  = -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
            -Wpointer-arith -Wformat=2 -Wvla
ALL_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -Iinclude $(WARNINGS) \
             $(shell pkg-config --cflags $(PACKAGES)) $(CFLAGS)
LIBS      = $(shell pkg-config --libs $(PACKAGES)) -lm

LIBRARY_SOURCES = $(sort $(wildcard src/*.c src/wire/*.c src/formats/*.c src/store/*.c \
                                     src/store/sqlite/*.c src/store/postgres/*.c))
CLI_SOURCES     = $(sort $(wildcard src/cli/*.c))
TEST_SOURCES    = $(sort $(wildcard tests/unit/*.c))
FUZZ_TARGETS    = wire sgml rcv1 nitf query credits dateline reader

LIBRARY_OBJECTS = $(LIBRARY_SOURCES:%.c=$(BUILD)/%.o)
CLI_OBJECTS     = $(CLI_SOURCES:%.c=$(BUILD)/%.o)
TEST_PROGRAMS   = $(TEST_SOURCES:%.c=$(BUILD)/%)
# Each fuzz target linked with tests/fuzz/replay.c instead of libFuzzer:
# `make test` replays tests/fuzz/regressions/ with them.
REPLAY_PROGRAMS = $(FUZZ_TARGETS:%=$(BUILD)/tests/fuzz/replay_%)

BENCH_PROGRAMS  = $(BUILD)/bench/generate $(BUILD)/bench/peak-rss $(BUILD)/bench/latency \
                  $(BUILD)/bench/query-latency

PROGRAM = $(BUILD)/newsidx
LIBRARY = $(BUILD)/libnewsidx.a

.PHONY: all deps test check-asan check-valgrind fuzz fuzz-build demo bench install uninstall clean
.SECONDARY:

all: $(PROGRAM) $(TEST_PROGRAMS) $(REPLAY_PROGRAMS) $(BENCH_PROGRAMS)

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c $< -o $@

$(LIBRARY): $(LIBRARY_OBJECTS)
	@mkdir -p $(dir $@)
	rm -f $@
	ar rcs $@ $^

$(PROGRAM): $(CLI_OBJECTS) $(LIBRARY)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $(CLI_OBJECTS) $(LIBRARY) $(LIBS)

$(BUILD)/tests/unit/%: $(BUILD)/tests/unit/%.o $(LIBRARY)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< $(LIBRARY) $(LIBS)

$(BUILD)/tests/fuzz/replay_%: $(BUILD)/tests/fuzz/fuzz_%.o $(BUILD)/tests/fuzz/fuzz_input.o \
                              $(BUILD)/tests/fuzz/replay.o $(LIBRARY)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^ $(LIBS)

deps:
	sh scripts/install-deps.sh

# The benchmark's generator and memory meter: plain C, libc only.
$(BUILD)/bench/%: bench/%.c
	@mkdir -p $(dir $@)
	$(CC) -std=c11 -pedantic $(WARNINGS) $(CFLAGS) $(LDFLAGS) -o $@ $<

# The in-process query timer links the library.
$(BUILD)/bench/query-latency: bench/query-latency.c $(LIBRARY)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< $(LIBRARY) $(LIBS)

test: all
	NEWSIDX=$(PROGRAM) BUILD=$(BUILD) sh tests/run-tests.sh

check-asan:
	$(MAKE) BUILD=build/asan \
	  CFLAGS="-O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer -DNEWSIDX_CHECK_UTF8" \
	  LDFLAGS="-fsanitize=address,undefined" test

check-valgrind: all
	NEWSIDX=tests/valgrind-newsidx.sh VALGRIND_TARGET=$(PROGRAM) BUILD=$(BUILD) sh tests/run-tests.sh

# Fuzz the reader, every parser and the query language with libFuzzer
# (clang): each target of FUZZ_TARGETS runs FUZZ_SECONDS, one after the
# other, from a seed corpus (tests/fuzz/seeds.sh) and the regressions, with
# its dictionary (tests/fuzz/dict/).  A crash stops it, leaving the input
# as build/fuzz/crash-TARGET-*; copy it to tests/fuzz/regressions/TARGET/.
# `make fuzz FUZZ_TARGETS=query FUZZ_SECONDS=600` runs one target.
FUZZ_SECONDS ?= 60
FUZZ_MAX_LEN ?= 16384
FUZZ_CFLAGS = -O1 -g -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer -DNEWSIDX_CHECK_UTF8
fuzz-build: $(PROGRAM)
	$(MAKE) BUILD=build/fuzz CC=clang CFLAGS="$(FUZZ_CFLAGS)" build/fuzz/libnewsidx.a
	for target in $(FUZZ_TARGETS); do \
	  clang -std=c11 -D_POSIX_C_SOURCE=200809L -Iinclude $(shell pkg-config --cflags $(PACKAGES)) \
	    -O1 -g -fsanitize=fuzzer,address,undefined -DNEWSIDX_CHECK_UTF8 \
	    tests/fuzz/fuzz_$$target.c tests/fuzz/fuzz_input.c build/fuzz/libnewsidx.a $(LIBS) \
	    -o build/fuzz/fuzz_$$target || exit 1; \
	done

fuzz: fuzz-build
	for target in $(FUZZ_TARGETS); do \
	  NEWSIDX=$(PROGRAM) sh tests/fuzz/seeds.sh $$target build/fuzz/corpus/$$target || exit 1; \
	  mkdir -p tests/fuzz/regressions/$$target; \
	  echo "fuzz: $$target for $(FUZZ_SECONDS) s"; \
	  build/fuzz/fuzz_$$target -max_total_time=$(FUZZ_SECONDS) -max_len=$(FUZZ_MAX_LEN) -timeout=10 \
	    -rss_limit_mb=2048 -print_final_stats=1 -dict=tests/fuzz/dict/$$target.dict \
	    -artifact_prefix=build/fuzz/crash-$$target- \
	    build/fuzz/corpus/$$target tests/fuzz/regressions/$$target || exit 1; \
	done

demo: $(PROGRAM)
	sh data/demo.sh $(PROGRAM)

bench: all
	BUILD=$(BUILD) sh bench/run.sh $(PROGRAM)

# The binary, the manual page, the bash and zsh completions, and the
# README (which the manual page points to for the store's schema and the
# JSON shapes) with the contract it refers to.
DOCDIR = $(PREFIX)/share/doc/newsidx
BASH_COMPLETION_DIR = $(PREFIX)/share/bash-completion/completions
ZSH_COMPLETION_DIR = $(PREFIX)/share/zsh/site-functions

install: $(PROGRAM)
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 $(DESTDIR)$(DOCDIR) \
	  $(DESTDIR)$(BASH_COMPLETION_DIR) $(DESTDIR)$(ZSH_COMPLETION_DIR)
	install -m 755 $(PROGRAM) $(DESTDIR)$(PREFIX)/bin/newsidx
	install -m 644 doc/newsidx.1 $(DESTDIR)$(PREFIX)/share/man/man1/newsidx.1
	install -m 644 completions/newsidx.bash $(DESTDIR)$(BASH_COMPLETION_DIR)/newsidx
	install -m 644 completions/_newsidx $(DESTDIR)$(ZSH_COMPLETION_DIR)/_newsidx
	install -m 644 README.md $(DESTDIR)$(DOCDIR)/README.md
	if [ -f ../shared/SPEC.md ]; then install -m 644 ../shared/SPEC.md $(DESTDIR)$(DOCDIR)/SPEC.md; fi

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/newsidx $(DESTDIR)$(PREFIX)/share/man/man1/newsidx.1 \
	  $(DESTDIR)$(BASH_COMPLETION_DIR)/newsidx $(DESTDIR)$(ZSH_COMPLETION_DIR)/_newsidx \
	  $(DESTDIR)$(DOCDIR)/README.md $(DESTDIR)$(DOCDIR)/SPEC.md
	-rmdir $(DESTDIR)$(DOCDIR) 2>/dev/null

clean:
	rm -rf build

-include $(LIBRARY_OBJECTS:.o=.d) $(CLI_OBJECTS:.o=.d) $(TEST_SOURCES:%.c=$(BUILD)/%.d) \
         $(wildcard $(BUILD)/tests/fuzz/*.d)
