# One non-recursive Makefile for the whole toolkit (git's and zstd's style).
#   make            build every binary into ./bin/
#   make test       C unit tests + bats suite        (V=1 for full commands)
#   make asan       the same tests under ASan + UBSan, built into build-asan/
#   make bench      the benchmarks (prints MB/s beside jq and grep)
#   make fuzz       libFuzzer harnesses (clang), short runs
#   make install PREFIX=/usr/local   (DESTDIR= too; make uninstall mirrors it)
#   make deb        a Debian package in build/deb/ (dpkg-deb, lintian-clean)
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
# --version names the commit it was built from: a build outside git (a
# release tarball) says "unknown", one with uncommitted changes "-dirty".
# Only core/version.o reads these, and it is rebuilt when they change.
# (Each is worked out once per make, unless given on the command line.)
ifeq ($(origin GIT_COMMIT),undefined)
GIT_COMMIT := $(shell [ -e .git ] && git rev-parse --short=12 HEAD 2>/dev/null | \
	sed "s/$$/$$(git diff --quiet HEAD -- 2>/dev/null || echo -dirty)/" || echo unknown)
endif
ifeq ($(GIT_COMMIT),)
GIT_COMMIT := unknown
endif
# libjq has no version function in the releases Debian ships: the jq seen at
# build time stands for it (jq and libjq1 come from one source package).
ifeq ($(origin JQ_VERSION),undefined)
JQ_VERSION := $(shell jq --version 2>/dev/null | sed 's/^jq-//')
endif
ifeq ($(JQ_VERSION),)
JQ_VERSION := unknown
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

.PHONY: all test test-run unit bats asan bench fuzz install uninstall deb completions clean demo deps print-version train-injection FORCE
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

VERSION_INFO := $(VERSION) $(GIT_COMMIT) $(JQ_VERSION)
$(O)/version-info: FORCE
	@mkdir -p $(dir $@)
	@[ "$$(cat $@ 2>/dev/null)" = '$(VERSION_INFO)' ] || echo '$(VERSION_INFO)' >$@
$(O)/common/core/version.o: $(O)/version-info
$(O)/common/core/version.o: ALL_CPPFLAGS += -DLLM_COMMIT='"$(GIT_COMMIT)"' -DLLM_JQ_VERSION='"$(JQ_VERSION)"'
# make print-version: what --version's first line will carry.
print-version:
	@echo '$(VERSION) $(GIT_COMMIT)'
FORCE:
# The shipped injection-classifier weights are built into the library
# (.incbin); `make train-injection` rewrites them from testdata/injection/train.
INJ_MODEL := testdata/injection/model/inject-lr.bin
$(O)/common/filter/inject/model_blob.o: $(INJ_MODEL)

# Retrains the injection classifier from what the repo holds (fixed seed,
# the same bytes every run): regenerates the project's own material, trains,
# writes the weights, the report, the fixed-text scores test_injmodel checks
# and the weights' SHA-256. INJ_EXTRA=FILE... adds more data (for
# experiments: the shipped weights are trained without it).
INJ_DATA := testdata/injection/train/public.ndjson testdata/injection/train/own.ndjson testdata/injection/train/docs.ndjson \
	testdata/injection/train/written.ndjson testdata/injection/train/written2.ndjson \
	--as injection testdata/injection/attacks.ndjson --as benign testdata/injection/benign.ndjson
train-injection: $(O)/tools/train-injection
	python3 scripts/gen-injection-train.py
	python3 scripts/gen-injection-written.py
	python3 scripts/gen-injection-written2.py
	$(O)/tools/train-injection --out $(INJ_MODEL) --report testdata/injection/model/REPORT.md \
		--scores testdata/injection/model/scores.tsv $(INJ_DATA) $(INJ_EXTRA)
	cd testdata/injection/model && sha256sum inject-lr.bin >inject-lr.bin.sha256

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

# Where make install puts things; `make deb` passes Debian's places.
MANDIR       ?= $(PREFIX)/share/man
BASH_COMPDIR ?= $(PREFIX)/share/bash-completion/completions
ZSH_COMPDIR  ?= $(PREFIX)/share/zsh/site-functions
FISH_COMPDIR ?= $(PREFIX)/share/fish/vendor_completions.d
MAN_PAGES    := $(sort $(wildcard man/*.[1-9]))
NAMES        := $(CMD_SRC:cmd/%.c=%)

# zsh and fish completions are written from each binary's --help
# (scripts/completions/gen), so they list exactly the options it parses.
COMP_DIR := $(O)/completions
$(COMP_DIR)/zsh/_llm-toolkit: $(CMDS) scripts/completions/gen
	@echo '  GEN ' $(COMP_DIR)
	$(Q)scripts/completions/gen $(BINDIR) $(COMP_DIR)
completions: $(COMP_DIR)/zsh/_llm-toolkit

install: all completions
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(BASH_COMPDIR) $(DESTDIR)$(ZSH_COMPDIR) $(DESTDIR)$(FISH_COMPDIR)
	install -m 755 $(CMDS) $(DESTDIR)$(PREFIX)/bin/
	for m in $(MAN_PAGES); do s=$${m##*.}; install -d $(DESTDIR)$(MANDIR)/man$$s && \
		install -m 644 $$m $(DESTDIR)$(MANDIR)/man$$s/ || exit 1; done
	for n in $(NAMES); do install -m 644 scripts/completions/llm-toolkit.bash $(DESTDIR)$(BASH_COMPDIR)/$$n && \
		install -m 644 $(COMP_DIR)/fish/$$n.fish $(DESTDIR)$(FISH_COMPDIR)/ || exit 1; done
	install -m 644 $(COMP_DIR)/zsh/_llm-toolkit $(DESTDIR)$(ZSH_COMPDIR)/
	install -d $(DESTDIR)$(PREFIX)/share/llm-toolkit
	install -m 644 $(INJ_MODEL) $(DESTDIR)$(PREFIX)/share/llm-toolkit/

# The mirror of install: removes the files it put there, with the same
# PREFIX, DESTDIR and directories; the directories themselves stay.
uninstall:
	rm -f $(addprefix $(DESTDIR)$(PREFIX)/bin/,$(NAMES))
	rm -f $(foreach m,$(MAN_PAGES),$(DESTDIR)$(MANDIR)/man$(subst .,,$(suffix $(m)))/$(notdir $(m)))
	rm -f $(addprefix $(DESTDIR)$(BASH_COMPDIR)/,$(NAMES))
	rm -f $(addprefix $(DESTDIR)$(FISH_COMPDIR)/,$(addsuffix .fish,$(NAMES)))
	rm -f $(DESTDIR)$(ZSH_COMPDIR)/_llm-toolkit
	rm -f $(DESTDIR)$(PREFIX)/share/llm-toolkit/$(notdir $(INJ_MODEL))

# make deb: a release build with Debian's hardening flags, into build-deb/
# (its own objects, so the everyday build is left alone), installed under
# /usr into a staging tree that scripts/deb/build turns into
# build-deb/llm-toolkit_VERSION-N_ARCH.deb; then lintian, when installed.
DEB_DIR   := build-deb
DEB_FLAGS  = CFLAGS="$$(DEB_BUILD_MAINT_OPTIONS=hardening=+all dpkg-buildflags --get CFLAGS)" \
	CPPFLAGS="$$(DEB_BUILD_MAINT_OPTIONS=hardening=+all dpkg-buildflags --get CPPFLAGS)" \
	LDFLAGS="$$(DEB_BUILD_MAINT_OPTIONS=hardening=+all dpkg-buildflags --get LDFLAGS)"
deb:
	@rm -rf $(DEB_DIR)/root && mkdir -p $(DEB_DIR)
	@$(MAKE) --no-print-directory O=$(DEB_DIR)/obj BINDIR=$(DEB_DIR)/bin $(DEB_FLAGS) GIT_COMMIT='$(GIT_COMMIT)' \
		install DESTDIR=$(abspath $(DEB_DIR)/root) PREFIX=/usr \
		ZSH_COMPDIR=/usr/share/zsh/vendor-completions >$(DEB_DIR)/build.log 2>&1 || { cat $(DEB_DIR)/build.log; exit 1; }
	@scripts/deb/build $(abspath $(DEB_DIR)/root) $(abspath $(DEB_DIR)) $(VERSION) >$(DEB_DIR)/deb-path
	@echo '  DEB ' $$(cat $(DEB_DIR)/deb-path)
	@if command -v lintian >/dev/null; then lintian --fail-on error,warning $$(cat $(DEB_DIR)/deb-path); \
	else echo 'make deb: lintian is not installed; the package was not checked'; fi

clean:
	rm -rf $(O) build-asan build-fuzz build-deb $(BINDIR)

-include $(shell find $(O) -name '*.d' 2>/dev/null)
