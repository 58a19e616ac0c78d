# newsidx — build, test, demo, bench, install.
#
#   make              build build/newsidx
#   make test         build and run every test (unit, CLI, gold scores)
#   make check-asan   the same tests against an ASan+UBSan build
#   make demo         ingest the bundled sample and run a few queries
#   make bench        generate a large dump and print throughput figures
#   make install      install binary and man page under $(DESTDIR)$(PREFIX)

PREFIX   ?= /usr/local
DESTDIR  ?=
BUILD    ?= build
CC       ?= cc
CFLAGS   ?= -O2 -g
LDFLAGS  ?=

PACKAGES  = sqlite3 libpcre2-8 libxml-2.0 zlib
WARNINGS  = -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
            -Wpointer-arith -Wformat=2 -Wvla
ALL_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -Iinclude $(WARNINGS) \
             $(shell pkg-config --cflags $(PACKAGES)) $(CFLAGS)
LIBS      = $(shell pkg-config --libs $(PACKAGES)) -lm

LIBRARY_SOURCES = $(sort $(wildcard src/*.c src/wire/*.c))
CLI_SOURCES     = $(sort $(wildcard src/cli/*.c))
TEST_SOURCES    = $(sort $(wildcard tests/unit/*.c))

LIBRARY_OBJECTS = $(LIBRARY_SOURCES:%.c=$(BUILD)/%.o)
CLI_OBJECTS     = $(CLI_SOURCES:%.c=$(BUILD)/%.o)
TEST_PROGRAMS   = $(TEST_SOURCES:%.c=$(BUILD)/%)

PROGRAM = $(BUILD)/newsidx
LIBRARY = $(BUILD)/libnewsidx.a

# Benchmark tools, built from bench/*.c: the dump generator (the crash test
# needs it too) and, when its source is there, the peak-RSS meter.
GENERATE  = $(BUILD)/bench/generate
BENCH_TOOLS = $(GENERATE) $(patsubst bench/%.c,$(BUILD)/bench/%,$(wildcard bench/peak-rss.c))

.PHONY: all test check-asan demo bench install uninstall clean

all: $(PROGRAM) $(TEST_PROGRAMS)

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

$(BUILD)/bench/%: bench/%.c
	@mkdir -p $(dir $@)
	$(CC) -std=c11 -O2 -Wall -Wextra -Werror -o $@ $<

test: all $(GENERATE)
	NEWSIDX=$(PROGRAM) BUILD=$(BUILD) sh tests/run-tests.sh

check-asan:
	$(MAKE) BUILD=build/asan \
	  CFLAGS="-O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer" \
	  LDFLAGS="-fsanitize=address,undefined" test

demo: $(PROGRAM)
	sh data/demo.sh $(PROGRAM)

bench: $(PROGRAM) $(BENCH_TOOLS)
	BUILD=$(BUILD) sh bench/run.sh $(PROGRAM)

install: $(PROGRAM)
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 755 $(PROGRAM) $(DESTDIR)$(PREFIX)/bin/newsidx
	if [ -f doc/newsidx.1 ]; then install -m 644 doc/newsidx.1 $(DESTDIR)$(PREFIX)/share/man/man1/newsidx.1; fi

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/newsidx $(DESTDIR)$(PREFIX)/share/man/man1/newsidx.1

clean:
	rm -rf build bench/generate bench/peak-rss

-include $(LIBRARY_OBJECTS:.o=.d) $(CLI_OBJECTS:.o=.d) $(TEST_SOURCES:%.c=$(BUILD)/%.d)
