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

# Debian's riscv64 kernel, busybox initramfs and OpenSBI, fetched once
# into GUEST_CACHE, booted on the virt board to a shell (poweroff -f ends
# it; Ctrl-a x too).
GUEST_CACHE ?= $(or $(XDG_CACHE_HOME),$(HOME)/.cache)/vireo-guests
DEMO_GUEST = $(GUEST_CACHE)/riscv64
demo: all
	tests/guests/fetch-guests.sh --cache $(GUEST_CACHE) riscv64
	$(BUILD)/vireo-system-riscv64 -M virt -smp 2 -m 512M -nographic \
	    -bios $(DEMO_GUEST)/fw_dynamic.bin -kernel $(DEMO_GUEST)/Image \
	    -initrd $(DEMO_GUEST)/initrd-shell.gz \
	    -append "console=ttyS0 earlycon panic=-1"

clean:
	-ninja -C $(BUILD) clean

distclean:
	rm -rf $(BUILD) $(SANBUILD)
