# Convenience front end: `make` builds, `make check` runs every test.
# SPDX-License-Identifier: GPL-2.0-or-later
BUILD ?= build
SANBUILD ?= build-sanitizers
# SANITIZE=1 also runs the unit tests under ASan+UBSan; WERROR=1 builds
# with -Werror. CI sets both.
SANITIZE ?=
WERROR ?=
CONFIGURE_FLAGS ?=
ifeq ($(WERROR),1)
CONFIGURE_FLAGS += --enable-werror
endif

.PHONY: all deps check check-unit clean distclean demo

all: deps $(BUILD)/build.ninja
	ninja -C $(BUILD)

deps:
	@scripts/install-deps.sh --if-missing

$(BUILD)/build.ninja:
	./configure --builddir=$(BUILD) $(CONFIGURE_FLAGS)

$(SANBUILD)/build.ninja:
	./configure --builddir=$(SANBUILD) --enable-sanitizers $(CONFIGURE_FLAGS)

check: all
	@rc=0; \
	meson test -C $(BUILD) --no-rebuild --print-errorlogs || rc=1; \
	dirs="$(BUILD)"; \
	if [ "$(SANITIZE)" = 1 ]; then \
	    $(MAKE) --no-print-directory $(SANBUILD)/build.ninja && \
	    ninja -C $(SANBUILD) && \
	    meson test -C $(SANBUILD) --no-rebuild --print-errorlogs \
	        --suite unit || rc=1; \
	    dirs="$$dirs $(SANBUILD)"; \
	fi; \
	python3 scripts/test-summary.py $$dirs || rc=1; \
	exit $$rc

demo:
	@echo "make demo: no board can boot a guest yet (see README.md)" >&2; exit 1

clean:
	-ninja -C $(BUILD) clean

distclean:
	rm -rf $(BUILD) $(SANBUILD)
