# SPDX-License-Identifier: GPL-3.0-or-later
# fiberplan build. `make run` sets everything up on Debian; `make test` runs every suite.

PREFIX  ?= /usr/local
BINDIR  ?= $(PREFIX)/bin
MANDIR  ?= $(PREFIX)/share/man
DATADIR ?= $(PREFIX)/share
LIBDIR  ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
PKGCONFIGDIR ?= $(LIBDIR)/pkgconfig
CC      ?= cc
PKGS     = igraph libxml-2.0 jansson nettle
WARN     = -std=c11 -Wall -Wextra -Wpedantic -Werror -Wstrict-prototypes -Wmissing-prototypes \
           -Wold-style-definition -Wshadow -Wformat=2 -Wvla -Wwrite-strings -Wpointer-arith
# pkg-config's -I for igraph and libxml2 are not system dirs: -isystem keeps their headers'
# warnings out without weakening ours.
PKG_CFLAGS  := $(patsubst -I%,-isystem %,$(shell pkg-config --cflags $(PKGS) 2>/dev/null))
PKG_LIBS    := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
VERSION     := $(shell cat VERSION 2>/dev/null || echo 0.0.0)
ALL_CPPFLAGS = -D_POSIX_C_SOURCE=200809L -DFP_VERSION='"$(VERSION)"' $(MPI_FLAGS) -I. $(PKG_CFLAGS) $(CPPFLAGS)
ALL_CFLAGS   = $(WARN) -O2 -g $(CFLAGS)
LIBS         = $(PKG_LIBS) -lglpk -lm
ASAN         = -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer -O1

# Debian packages: to build and run, and what the test suites use besides.
DEPS      = build-essential pkg-config libigraph-dev libglpk-dev libxml2-dev libjansson-dev nettle-dev \
            libcmocka-dev
DEPS_TEST = $(DEPS) python3 python3-jsonschema python3-networkx glpk-utils libopenmpi-dev openmpi-bin \
            graphviz chromium libsimgrid-dev g++

# make MPI=1: OpenMPI build in build-mpi/ (mpirun -n N build-mpi/fiberplan sweep|failures ...)
ifeq ($(MPI),1)
CC := mpicc
B  ?= build-mpi
MPI_FLAGS = -DFP_MPI
endif
B ?= build
V ?= 0
Q  = $(if $(filter 1,$(V)),,@)
LIB_SRC  = $(wildcard core/*.c solvers/*.c io/*.c)
CLI_SRC  = $(wildcard cli/*.c)
LIB_OBJ  = $(LIB_SRC:%.c=$(B)/%.o)
CLI_OBJ  = $(CLI_SRC:%.c=$(B)/%.o)
UNIT_SRC = $(wildcard tests/unit/test_*.c)
UNIT_BIN = $(UNIT_SRC:tests/unit/%.c=$(B)/tests/%)
TOOL_SRC = $(wildcard tests/tools/*.c)
TOOL_BIN = $(TOOL_SRC:tests/tools/%.c=$(B)/tools/%)
HEADERS  = $(wildcard core/*.h solvers/*.h io/*.h cli/*.h) fiberplan.h
# libfiberplan for others to link: the shared build compiles the library sources again with
# -fPIC into $(B)/pic/; the installed headers are fiberplan.h and the module headers it
# includes (not the *_internal.h ones), under $(INCLUDEDIR)/fiberplan/.
PIC_OBJ  = $(LIB_SRC:%.c=$(B)/pic/%.o)
SOMAJOR  = $(firstword $(subst ., ,$(VERSION)))
SHLIB    = libfiberplan.so.$(VERSION)
PUB_HDR  = $(filter-out %_internal.h,$(wildcard core/*.h solvers/*.h io/*.h))
# fiberplan.pc is relocatable (prefix found from the .pc file's own place) when the library and
# headers sit in PREFIX's lib/ and include/, so a tree installed under DESTDIR links as it is;
# other layouts get absolute paths.
ifeq ($(LIBDIR)|$(INCLUDEDIR)|$(DATADIR),$(PREFIX)/lib|$(PREFIX)/include|$(PREFIX)/share)
PC_DIRS = -e 's|@PREFIX@|$${pcfiledir}/../..|' -e 's|@LIBDIR@|$${prefix}/lib|' \
          -e 's|@INCLUDEDIR@|$${prefix}/include|' -e 's|@DATADIR@|$${prefix}/share|'
else
PC_DIRS = -e 's|@PREFIX@|$(PREFIX)|' -e 's|@LIBDIR@|$(LIBDIR)|' -e 's|@INCLUDEDIR@|$(INCLUDEDIR)|' \
          -e 's|@DATADIR@|$(DATADIR)|'
endif

.PHONY: all lib run test bench check-unit check-e2e check-shared check-asan check-valgrind check-headers fuzz fuzz-build \
        check-layering deps deps-test install uninstall clean

all: fiberplan

fiberplan: $(B)/fiberplan
	@if [ "$(B)" = build ]; then cp $(B)/fiberplan fiberplan; fi

$(B)/fiberplan: $(CLI_OBJ) $(B)/libfiberplan.a
	@echo "  LINK   $@"
	$(Q)$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $(CLI_OBJ) $(B)/libfiberplan.a $(LIBS)

$(B)/libfiberplan.a: $(LIB_OBJ)
	$(Q)rm -f $@
	$(Q)ar rcs $@ $^

$(B)/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC     $<"
	$(Q)$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

# the static and the shared library (make install builds both)
lib: $(B)/libfiberplan.a $(B)/$(SHLIB)

$(B)/pic/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC     $< (-fPIC)"
	$(Q)$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) -fPIC -MMD -MP -c -o $@ $<

# --no-undefined: the shared library names every library it needs (DT_NEEDED)
$(B)/$(SHLIB): $(PIC_OBJ)
	@echo "  LINK   $@"
	$(Q)$(CC) $(ALL_CFLAGS) $(LDFLAGS) -shared -Wl,-soname,libfiberplan.so.$(SOMAJOR) \
	    -Wl,--no-undefined -o $@ $(PIC_OBJ) $(LIBS)

# test_lp_fail replaces GLPK's simplex by a failing one (STYLE.md "Failure paths").
$(B)/tests/test_lp_fail: WRAP = -Wl,--wrap=glp_simplex

$(B)/tests/%: tests/unit/%.c tests/unit/helpers.h tests/unit/oracle.h $(B)/libfiberplan.a
	@mkdir -p $(dir $@)
	@echo "  TEST   $@"
	$(Q)$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) $(WRAP) -o $@ $< $(B)/libfiberplan.a $(LIBS) \
	    $(shell pkg-config --libs cmocka 2>/dev/null || echo -lcmocka)

$(B)/tools/%: tests/tools/%.c $(B)/libfiberplan.a
	@mkdir -p $(dir $@)
	@echo "  TOOL   $@"
	$(Q)$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) -o $@ $< $(B)/libfiberplan.a $(LIBS)

-include $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d) $(PIC_OBJ:.o=.d)

# ---- dependencies (Debian) ----
# Installs what is missing with apt-get when root; otherwise prints the exact command and stops.
deps:
	@DEPS="$(DEPS)" sh tests/deps.sh
deps-test:
	@DEPS="$(DEPS_TEST)" sh tests/deps.sh

# ---- the main job ----
run: deps
	@$(MAKE) --no-print-directory all
	./fiberplan check topologies/stargate-us.graphml
	./fiberplan route topologies/stargate-us.graphml --params 1.8e12

# ---- tests ----
test: deps-test
	@$(MAKE) --no-print-directory all $(UNIT_BIN) $(TOOL_BIN)
	@B=$(B) sh tests/run.sh

check-asan:
	@$(MAKE) --no-print-directory B=build-asan CFLAGS="$(ASAN)" LDFLAGS="$(ASAN)" \
	    build-asan/fiberplan $(UNIT_SRC:tests/unit/%.c=build-asan/tests/%) \
	    $(TOOL_SRC:tests/tools/%.c=build-asan/tools/%)
	@B=build-asan FIBERPLAN_SHARED_STRIDE=3 FIBERPLAN_TIME_FACTOR=3 ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 \
	    UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 sh tests/run.sh

# The end-to-end and bad-input suites with every run under valgrind memcheck: a memory error or
# a definite/indirect leak exits 99, which fails the case. Slow (tens of minutes); not in CI,
# which runs check-asan.
check-valgrind: all
	@FIBERPLAN=tests/valgrind/fiberplan FIBERPLAN_REAL=$(CURDIR)/$(B)/fiberplan bash tests/bad-input/run.sh
	@FIBERPLAN=tests/valgrind/fiberplan FIBERPLAN_REAL=$(CURDIR)/$(B)/fiberplan bash tests/e2e/run.sh

# Every public header compiles alone.
check-headers:
	@for h in $(HEADERS); do \
	    printf '#include "%s"\n' $$h | $(CC) $(ALL_CPPFLAGS) $(WARN) -x c -c -o /dev/null - || exit 1; \
	done; echo "headers: ok"

# Includes flow inward: glpk.h only in solvers/, libxml2 and jansson only in io/ and tests/tools/.
check-layering:
	@bad=$$(grep -ln '#include <glpk.h>' core/*.[ch] io/*.[ch] cli/*.[ch] 2>/dev/null; \
	        grep -lnE '#include <(libxml/|jansson)' core/*.[ch] solvers/*.[ch] cli/*.[ch] 2>/dev/null; \
	        grep -lnE '#include "(io|solvers|cli)/' core/*.[ch] 2>/dev/null; \
	        grep -lnE '#include "cli/' io/*.[ch] solvers/*.[ch] 2>/dev/null; \
	        grep -lnE '#include "solvers/' io/*.[ch] 2>/dev/null; \
	        grep -lnE '#include "io/' solvers/*.[ch] 2>/dev/null); \
	if [ -n "$$bad" ]; then echo "layering violated in: $$bad"; exit 1; else echo "layering: ok"; fi

# ---- benchmarks (issue "Performance and scale"): one table, every ratio measured in the same
# run; the exit status says whether the targets hold. BENCH_FLAGS=--quick for a shorter run.
bench: all
	@python3 benchmarks/bench.py --bin $(B)/fiberplan --out $(B)/bench.md $(BENCH_FLAGS)

# ---- fuzzing (issue "Reliability"): libFuzzer targets with ASan and UBSan, built by clang ----
# make fuzz FUZZ_SECONDS=N runs each target N seconds (make -j4 fuzz: in parallel); new
# corpus entries go to build-fuzz/corpus/TARGET, crashes to build-fuzz/crashes/.
FUZZ_SECONDS ?= 60
FUZZ_CC      ?= clang
FUZZ_FLAGS    = -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer -O1 -g
FUZZ_TARGETS  = graphml sndlib demands jobfile
FUZZ_LIB_OBJ  = $(LIB_SRC:%.c=build-fuzz/%.o)

build-fuzz/%.o: %.c
	@mkdir -p $(dir $@)
	$(Q)$(FUZZ_CC) $(ALL_CPPFLAGS) -std=c11 $(FUZZ_FLAGS) -fsanitize=fuzzer-no-link -c -o $@ $<

build-fuzz/libfiberplan.a: $(FUZZ_LIB_OBJ)
	$(Q)rm -f $@ && ar rcs $@ $^

build-fuzz/fuzz_graphml build-fuzz/fuzz_sndlib: tests/fuzz/fuzz_topology.c
build-fuzz/fuzz_demands: tests/fuzz/fuzz_demands.c
build-fuzz/fuzz_jobfile: tests/fuzz/fuzz_jobfile.c
build-fuzz/fuzz_%: tests/fuzz/fuzz_common.h tests/fuzz/fuzz_small_topo.h build-fuzz/libfiberplan.a
	@echo "  FUZZ   $@"
	$(Q)$(FUZZ_CC) $(ALL_CPPFLAGS) -std=c11 $(FUZZ_FLAGS) -fsanitize=fuzzer -o $@ $(filter %.c,$^) \
	    build-fuzz/libfiberplan.a $(LIBS)

fuzz-build: $(FUZZ_TARGETS:%=build-fuzz/fuzz_%)

fuzz: $(FUZZ_TARGETS:%=fuzz-run-%)

fuzz-run-%: build-fuzz/fuzz_%
	@mkdir -p build-fuzz/corpus/$* build-fuzz/crashes
	@sh tests/fuzz/seeds.sh $* build-fuzz/seeds/$*
	@echo "fuzz $*: $(FUZZ_SECONDS) s"
	@ASAN_OPTIONS=detect_leaks=1 build-fuzz/fuzz_$* -max_total_time=$(FUZZ_SECONDS) -timeout=10 \
	    -rss_limit_mb=2048 -max_len=262144 -print_final_stats=1 \
	    -artifact_prefix=build-fuzz/crashes/$*- build-fuzz/corpus/$* build-fuzz/seeds/$* \
	    > build-fuzz/$*.log 2>&1; rc=$$?; tail -n 12 build-fuzz/$*.log; exit $$rc

# ---- install ----
# The program, its man page and completion; libfiberplan (static and shared) with fiberplan.h,
# the module headers and fiberplan.pc; the JSON Schemas, examples and sample topologies under
# $(DATADIR)/fiberplan/. tests/install/run.sh installs into a DESTDIR and links a program.
SCHEMAS  = docs/result.schema.json docs/trainer-config.schema.json docs/workload.schema.json docs/phases.schema.json
EXAMPLES = $(wildcard examples/*)
install: all lib
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1
	install -m 755 $(B)/fiberplan $(DESTDIR)$(BINDIR)/
	install -m 644 docs/fiberplan.1 $(DESTDIR)$(MANDIR)/man1/
	install -d $(DESTDIR)$(DATADIR)/bash-completion/completions
	install -m 644 cli/fiberplan.bash $(DESTDIR)$(DATADIR)/bash-completion/completions/fiberplan
	install -d $(DESTDIR)$(LIBDIR) $(DESTDIR)$(PKGCONFIGDIR)
	install -m 644 $(B)/libfiberplan.a $(DESTDIR)$(LIBDIR)/
	install -m 755 $(B)/$(SHLIB) $(DESTDIR)$(LIBDIR)/
	ln -sf $(SHLIB) $(DESTDIR)$(LIBDIR)/libfiberplan.so.$(SOMAJOR)
	ln -sf libfiberplan.so.$(SOMAJOR) $(DESTDIR)$(LIBDIR)/libfiberplan.so
	install -d $(DESTDIR)$(INCLUDEDIR)/fiberplan/core $(DESTDIR)$(INCLUDEDIR)/fiberplan/io \
	    $(DESTDIR)$(INCLUDEDIR)/fiberplan/solvers
	install -m 644 fiberplan.h $(DESTDIR)$(INCLUDEDIR)/fiberplan/
	for h in $(PUB_HDR); do install -m 644 $$h $(DESTDIR)$(INCLUDEDIR)/fiberplan/$$h || exit 1; done
	sed $(PC_DIRS) -e 's|@VERSION@|$(VERSION)|' fiberplan.pc.in > $(DESTDIR)$(PKGCONFIGDIR)/fiberplan.pc
	install -d $(DESTDIR)$(DATADIR)/fiberplan/schemas $(DESTDIR)$(DATADIR)/fiberplan/examples \
	    $(DESTDIR)$(DATADIR)/fiberplan/topologies
	install -m 644 $(SCHEMAS) $(DESTDIR)$(DATADIR)/fiberplan/schemas/
	install -m 644 $(EXAMPLES) $(DESTDIR)$(DATADIR)/fiberplan/examples/
	install -m 644 topologies/*.graphml topologies/*.json $(DESTDIR)$(DATADIR)/fiberplan/topologies/

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/fiberplan $(DESTDIR)$(MANDIR)/man1/fiberplan.1 \
	    $(DESTDIR)$(DATADIR)/bash-completion/completions/fiberplan
	rm -f $(DESTDIR)$(LIBDIR)/libfiberplan.a $(DESTDIR)$(LIBDIR)/libfiberplan.so \
	    $(DESTDIR)$(LIBDIR)/libfiberplan.so.$(SOMAJOR) $(DESTDIR)$(LIBDIR)/$(SHLIB) \
	    $(DESTDIR)$(PKGCONFIGDIR)/fiberplan.pc
	rm -rf $(DESTDIR)$(INCLUDEDIR)/fiberplan $(DESTDIR)$(DATADIR)/fiberplan

clean:
	rm -rf build build-asan build-mpi build-fuzz fiberplan
