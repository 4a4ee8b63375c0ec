# gongkai — build, test, install. GNU make.
#
#   make                 build bin/*
#   make check           run the whole test suite
#   make check-asan      the test suite under ASan + UBSan (+ LeakSanitizer)
#   make demo            install nothing; run the pipeline on the bundled sample
#   make bench           throughput and peak RSS (see BENCH.md)
#   make fuzz            build the fuzz targets (clang, libFuzzer)
#   make install PREFIX=/usr/local

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
CC ?= cc
CFLAGS ?= -O2 -g
PKGS := libpcre2-8 libutf8proc
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
ALL_CFLAGS = -std=c11 -D_GNU_SOURCE -Wall -Wextra -Isrc/lib -Ibuild/gen $(PKG_CFLAGS) $(CFLAGS)
LDLIBS += $(PKG_LIBS)
B ?= build

TOOLS := normalize sectionize extract-amounts extract-kpis tabulate
PRESENT := $(foreach t,$(TOOLS),$(if $(wildcard src/$(t).c),$(t)))
BINS := $(addprefix bin/,$(PRESENT))
LIBSRC := $(wildcard src/lib/*.c)
LIBOBJ := $(LIBSRC:src/lib/%.c=$(B)/lib/%.o)
GEN := build/gen/nfkc_fast.h
UNITSRC := $(wildcard tests/unit/*.c)
UNITBIN := $(UNITSRC:tests/unit/%.c=$(B)/unit/%)
FUZZSRC := $(wildcard tests/fuzz/*.c)
FUZZNAMES := $(FUZZSRC:tests/fuzz/%.c=%)
FUZZBIN := $(FUZZNAMES:%=build/fuzz/%)
REPLAYBIN := $(FUZZNAMES:%=$(B)/unit/replay_%)

# Keep the objects of bin/* (make would delete them, and print so after
# the test summary, which must be the last line CI prints).
.SECONDARY:
.PHONY: all check check-asan bin-asan demo bench fuzz install uninstall clean
all: $(BINS)

$(B)/lib/%.o: src/lib/%.c $(wildcard src/lib/*.h) $(GEN)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(B)/%.o: src/%.c $(wildcard src/lib/*.h) $(GEN)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(B)/lib.a: $(LIBOBJ)
	rm -f $@
	ar rcs $@ $^

bin/%: $(B)/%.o $(B)/lib.a
	@mkdir -p bin
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< $(B)/lib.a $(LDLIBS)

$(B)/unit/%: tests/unit/%.c $(wildcard tests/unit/*.h) $(B)/lib.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< $(B)/lib.a $(LDLIBS)

# Characters NFKC leaves unchanged, as a bitmap, computed from utf8proc at
# build time so the table always matches the library we link.
build/gen/nfkc_fast.h: tools/gen-nfkc-fast.c
	@mkdir -p $(@D)
	$(CC) -std=c11 -O2 $(PKG_CFLAGS) -o build/gen/gen-nfkc-fast $< $(PKG_LIBS)
	build/gen/gen-nfkc-fast > $@.tmp && mv $@.tmp $@

check: all $(UNITBIN) $(REPLAYBIN)
	@B=$(B) tests/run.sh

check-asan:
	$(MAKE) B=build/asan CC=clang \
	  CFLAGS='-O1 -g -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer' \
	  LDFLAGS='-fsanitize=address,undefined' bin-asan
	@B=build/asan BIN=build/asan/bin ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 tests/run.sh

bin-asan: $(addprefix $(B)/bin/,$(PRESENT)) $(UNITBIN) $(REPLAYBIN)
$(B)/bin/%: $(B)/%.o $(B)/lib.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< $(B)/lib.a $(LDLIBS)

# The benchmark measures its own build, made with BENCH_CFLAGS whatever bin/
# was built with, and safe from a rebuild of bin/ while it runs.
BENCH_CFLAGS ?= -O2 -g
bench:
	$(MAKE) B=build/release CFLAGS='$(BENCH_CFLAGS)' $(addprefix build/release/bin/,$(PRESENT))
	@BIN=build/release/bin CC='$(CC)' BENCH_CFLAGS='$(BENCH_CFLAGS)' tools/bench.sh

# libFuzzer targets, one per tests/fuzz/*.c, linked with every module.
# Run one: build/fuzz/fuzz_money -max_total_time=600 /tmp/fz tests/fuzz/seeds/money
# (new inputs go into the first directory: a scratch one, not the seeds)
# (decode_html also takes tests/fixtures/html and tests/fixtures/decode,
# the fixtures that seed it: see tests/fuzz/replay/replay.c).
# `make check` replays tests/fuzz/seeds/<name> and tests/fuzz/regress/<name>
# through the same targets built without libFuzzer ($(B)/unit/replay_<name>),
# so a crash once found stays fixed.
fuzz: $(FUZZBIN)
build/fuzz/%: tests/fuzz/%.c $(LIBSRC) $(wildcard src/lib/*.h) $(GEN)
	@mkdir -p $(@D)
	clang -std=c11 -D_GNU_SOURCE -g -O1 -fsanitize=fuzzer,address,undefined -Isrc/lib -Ibuild/gen \
	  $(PKG_CFLAGS) -o $@ $< $(LIBSRC) $(PKG_LIBS)

$(B)/unit/replay_%: tests/fuzz/%.c tests/fuzz/replay/replay.c $(B)/lib.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -DFUZZ_TARGET='"$*"' $(LDFLAGS) -o $@ $< tests/fuzz/replay/replay.c \
	  $(B)/lib.a $(LDLIBS)

demo: all
	@sh examples/demo.sh

install: all
	mkdir -p $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5
	cp $(BINS) $(DESTDIR)$(BINDIR)/
	cp man/*.1 $(DESTDIR)$(MANDIR)/man1/
	cp man/*.5 $(DESTDIR)$(MANDIR)/man5/

uninstall:
	cd $(DESTDIR)$(BINDIR) && rm -f $(PRESENT)

clean:
	rm -rf build bin/*
