# One non-recursive Makefile for the whole toolkit (git's and zstd's style).
#   make            build every binary into ./bin/
#   make test       C unit tests + bats suite        (V=1 for full commands)
#   make asan       the same tests under ASan + UBSan, built into build-asan/
#   make bench      the benchmarks (prints MB/s beside jq and grep)
#   make fuzz       libFuzzer harnesses (clang), short runs
#   make install PREFIX=/usr/local
# O=DIR puts objects elsewhere (helpers building side by side), DEVELOPER=1
# adds -Werror.

VERSION := 0.1.0
CC      ?= cc
# One C++ file (common/detect/phone.cc, libphonenumber's C face); clang
# builds pass CXX=clang++ beside CC=clang, and sanitizer links add
# -fsanitize-link-c++-runtime (the C driver links, and UBSan's vptr and
# function checks need the C++ half of its runtime).
CXX     ?= g++
O       ?= build
BINDIR  ?= bin
PREFIX  ?= /usr/local
CFLAGS  ?= -O2 -g
WARN    := -Wall -Wextra -Wno-unused-parameter -Wshadow -Wformat=2 -Wvla
ifeq ($(DEVELOPER),1)
WARN    += -Werror
endif
ALL_CPPFLAGS := -Icommon -D_GNU_SOURCE -DLLM_VERSION='"$(VERSION)"' $(CPPFLAGS)
ALL_CFLAGS   := -std=c11 $(WARN) $(CFLAGS) -MMD -MP
ALL_CXXFLAGS := -std=c++17 $(WARN) $(CFLAGS) $(CXXFLAGS) -MMD -MP
LIBS    := -ljq -lonig -lutf8proc -lzstd -lsqlite3 -lcurl -lcrypto -lphonenumber -lprotobuf -lstdc++ -lpthread -lm

ifeq ($(V),1)
Q :=
QUIET_CC =
QUIET_CXX =
QUIET_LINK =
QUIET_AR =
else
Q := @
QUIET_CC   = @echo '   CC ' $@;
QUIET_CXX  = @echo '  CXX ' $@;
QUIET_LINK = @echo ' LINK ' $@;
QUIET_AR   = @echo '   AR ' $@;
endif

# Everything under common/ is the library; SIMD kernels are chosen at run
# time, so only their own files get the ISA flags.
LIB_SRC  := $(sort $(shell find common -name '*.c'))
LIB_CXX  := $(sort $(shell find common -name '*.cc'))
LIB_OBJ  := $(LIB_SRC:%.c=$(O)/%.o) $(LIB_CXX:%.cc=$(O)/%.o)
LIB      := $(O)/libllm.a

CMD_SRC  := $(sort $(wildcard cmd/llm-*.c))
CMDS     := $(CMD_SRC:cmd/%.c=$(BINDIR)/%)
UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
UNITS    := $(UNIT_SRC:tests/unit/%.c=$(O)/tests/%)
TOOL_SRC := $(sort $(wildcard scripts/*.c))
TOOLS    := $(TOOL_SRC:scripts/%.c=$(O)/tools/%)

.PHONY: all test test-run unit bats asan bench fuzz install clean demo deps
# Objects of the binaries are intermediates of chained rules: keep them, so
# a rebuild relinks instead of recompiling.
.SECONDARY:
all: $(CMDS) $(TOOLS)

$(O)/%.o: %.c
	@mkdir -p $(dir $@)
	$(QUIET_CC)$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) -c -o $@ $<

$(O)/%.o: %.cc
	@mkdir -p $(dir $@)
	$(QUIET_CXX)$(CXX) $(ALL_CPPFLAGS) $(ALL_CXXFLAGS) -c -o $@ $<

$(O)/%_avx2.o: %_avx2.c
	@mkdir -p $(dir $@)
	$(QUIET_CC)$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) -mavx2 -mfma -mf16c -c -o $@ $<

$(O)/%_avx512.o: %_avx512.c
	@mkdir -p $(dir $@)
	$(QUIET_CC)$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) -mavx512f -mavx512bw -mavx512vl -mavx512dq -mavx2 -mfma -mf16c -c -o $@ $<

$(LIB): $(LIB_OBJ)
	@mkdir -p $(dir $@)
	@rm -f $@
	$(QUIET_AR)$(AR) rcs $@ $^

$(BINDIR)/%: $(O)/cmd/%.o $(LIB)
	@mkdir -p $(dir $@)
	$(QUIET_LINK)$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^ $(LIBS)

$(O)/tests/%: $(O)/tests/unit/%.o $(LIB)
	@mkdir -p $(dir $@)
	$(QUIET_LINK)$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^ $(LIBS)

$(O)/tools/%: $(O)/scripts/%.o $(LIB)
	@mkdir -p $(dir $@)
	$(QUIET_LINK)$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^ $(LIBS)

# The README's test command: install what is missing first (before any
# compile can look for a header), then build and run. The test runner
# prints the closing "N passed, N failed" line CI reads.
test: deps
	@$(MAKE) --no-print-directory test-run

test-run: all $(UNITS)
	@BIN_DIR=$(abspath $(BINDIR)) UNIT_DIR=$(abspath $(O)/tests) TOOL_DIR=$(abspath $(O)/tools) tests/run

unit: $(UNITS)
	@BIN_DIR=$(abspath $(BINDIR)) UNIT_DIR=$(abspath $(O)/tests) TOOLS_ONLY= tests/run --unit-only

asan:
	$(MAKE) O=build-asan BINDIR=build-asan/bin CC=clang CXX=clang++ \
		CFLAGS="-O1 -g -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer" \
		LDFLAGS="-fsanitize=address,undefined -fsanitize-link-c++-runtime" test-run

deps:
	@scripts/install-deps

demo: deps
	@$(MAKE) --no-print-directory all
	@BIN_DIR=$(abspath $(BINDIR)) TOOL_DIR=$(abspath $(O)/tools) scripts/demo

bench: all
	@BIN_DIR=$(abspath $(BINDIR)) TOOL_DIR=$(abspath $(O)/tools) scripts/bench

FUZZ_SRC := $(sort $(wildcard tests/fuzz/fuzz_*.c))
fuzz: SHELL := /bin/bash
fuzz:
	$(MAKE) O=build-fuzz BINDIR=build-fuzz/bin CC=clang CXX=clang++ \
		CFLAGS="-O1 -g -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer" build-fuzz/libllm.a
	@mkdir -p build-fuzz/fuzz
	@for f in $(FUZZ_SRC); do n=$$(basename $$f .c); \
		echo " FUZZ $$n"; \
		clang -Icommon -D_GNU_SOURCE -O1 -g -fsanitize=fuzzer,address,undefined -fsanitize-link-c++-runtime -o build-fuzz/fuzz/$$n $$f build-fuzz/libllm.a $(LIBS) || exit 1; \
		mkdir -p build-fuzz/corpus/$$n; cp tests/fuzz/seeds/$$n/* build-fuzz/corpus/$$n/ 2>/dev/null; \
		mkdir -p build-fuzz/artifacts/$$n; \
		LSAN_OPTIONS=suppressions=$(abspath tests/lsan.supp) build-fuzz/fuzz/$$n -max_total_time=$${FUZZ_SECONDS:-20} -max_len=65536 \
			-artifact_prefix=build-fuzz/artifacts/$$n/ build-fuzz/corpus/$$n 2>&1 | tail -n 3; \
		[ $${PIPESTATUS[0]:-0} -eq 0 ] || exit 1; \
	done

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 \
		$(DESTDIR)$(PREFIX)/share/man/man5 $(DESTDIR)$(PREFIX)/share/man/man7
	install -m 755 $(CMDS) $(DESTDIR)$(PREFIX)/bin/
	for m in man/*.1; do install -m 644 $$m $(DESTDIR)$(PREFIX)/share/man/man1/; done
	for m in $(wildcard man/*.5); do install -m 644 $$m $(DESTDIR)$(PREFIX)/share/man/man5/; done
	for m in man/*.7; do install -m 644 $$m $(DESTDIR)$(PREFIX)/share/man/man7/; done
	install -d $(DESTDIR)$(PREFIX)/share/bash-completion/completions
	for c in $(CMDS); do install -m 644 scripts/bash-completion/llm-toolkit \
		$(DESTDIR)$(PREFIX)/share/bash-completion/completions/$$(basename $$c); done

clean:
	rm -rf $(O) build-asan build-fuzz $(BINDIR)

-include $(shell find $(O) -name '*.d' 2>/dev/null)
