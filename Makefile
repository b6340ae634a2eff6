# Set-up, run, test and benchmark SUNMASK Composer on Debian with the Swift toolchain.

PACKAGES = libopenblas-dev libncurses-dev libfluidsynth-dev fluid-soundfont-gm tmux
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
EXAMPLE ?= Examples/ode-to-joy.mid
PREFIX ?= /usr/local
# The binary and its resource folders (the shipped model, the grader's reference) stay together
# here, and $(PREFIX)/bin/sunmask links to the binary.
LIBDIR = $(PREFIX)/lib/sunmask-composer
RESOURCES = SunmaskComposer_sunmask.resources SunmaskComposer_Chorale.resources

.PHONY: setup run test bench build clean examples install uninstall

# Installs the Debian packages the build, the tests and playback need; skipped when present.
setup:
	@if dpkg -s $(PACKAGES) >/dev/null 2>&1; then \
		echo "setup: Debian packages already installed"; \
	else \
		$(SUDO) apt-get update && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y $(PACKAGES); \
	fi

build: setup
	swift build -c release --product sunmask

# The main job: the editor on an example melody, with the shipped model.
run: build
	.build/release/sunmask edit $(EXAMPLE)

# Installs the built sunmask under $(PREFIX): `make build && sudo make install`, or
# `make build install PREFIX=$$HOME/.local` without root.
install:
	@test -x .build/release/sunmask || { echo "install: .build/release/sunmask is missing; run 'make build' first" >&2; exit 1; }
	rm -rf "$(LIBDIR)"
	mkdir -p "$(LIBDIR)" "$(PREFIX)/bin"
	cp .build/release/sunmask "$(LIBDIR)/sunmask"
	for folder in $(RESOURCES); do cp -R ".build/release/$$folder" "$(LIBDIR)/$$folder"; done
	ln -sf ../lib/sunmask-composer/sunmask "$(PREFIX)/bin/sunmask"
	@echo "installed $(PREFIX)/bin/sunmask"

uninstall:
	rm -rf "$(LIBDIR)"
	rm -f "$(PREFIX)/bin/sunmask"

# The whole test suite, including the end-to-end tests of the built binary.
test: setup
	swift build --build-tests
	swift test --skip-build

# Speed figures, compared in the same run with this machine's own sgemm rate.
bench: setup
	swift build -c release --product sunmask-bench
	.build/release/sunmask-bench

# Regenerates Examples/ from the code (needs the JSB data set, see SUNMASK_JSB_PATH); the
# end-to-end tests fail when the committed files differ from this output.
examples: setup
	swift build --product sunmask
	.build/debug/sunmask write-examples Examples

clean:
	rm -rf .build
