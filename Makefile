# Set-up, run, test and benchmark SUNMASK Composer on Debian with the Swift toolchain.

PACKAGES = libopenblas-dev libncurses-dev libfluidsynth-dev fluid-soundfont-gm tmux
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
EXAMPLE ?= Examples/ode-to-joy.mid

.PHONY: setup run test bench build clean examples

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
