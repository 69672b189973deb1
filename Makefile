# Entry points. `make check` is what CI runs; `make demo` shows sbd at work.
SHELL := /bin/bash
SWIFT ?= swift
CONFIG ?= debug
BIN := .build/$(CONFIG)
export SBD_BIN := $(abspath $(BIN))

.PHONY: all setup build release lint format unit integration check demo demo-distreboot bench deb package-check clean shim

all: build

setup:
	@scripts/setup

build:
	$(SWIFT) build -c $(CONFIG)

release:
	$(SWIFT) build -c release

lint:
	$(SWIFT) format lint --strict --recursive Package.swift Sources Tests

format:
	$(SWIFT) format --in-place --recursive Package.swift Sources Tests

unit:
	$(SWIFT) test

# Scripts that drive the built binaries against real peers (loop devices,
# Debian's sbd, fence_sbd, etcd). Each one cleans up after itself.
# The LD_PRELOAD test shim that emulates the watchdog and records reboots.
SHIM := .build/test-shim/libsbd-shim.so
export SBD_SHIM := $(abspath $(SHIM))
$(SHIM): tests/shim/sbd-shim.c
	@mkdir -p $(dir $@)
	$(CC) -Wall -Wextra -Werror -O2 -shared -fPIC -o $@ $< -ldl

shim: $(SHIM)

integration: build $(SHIM)
	@tests/run-integration

check: setup build lint unit integration

demo: setup build $(SHIM)
	@scripts/demo

# A rolling reboot of three simulated corosync + pacemaker nodes, narrated.
demo-distreboot: setup build $(SHIM)
	@scripts/demo-distreboot

bench: setup release $(SHIM)
	@SBD_BIN=$(abspath .build/release) bench/run

# Debian packages into dist/ (see packaging/debian).
deb: setup
	@scripts/build-deb

# Install, upgrade and purge of the packages in a debootstrapped bookworm root.
package-check: deb
	lintian --fail-on error,warning --suppress-tags hardening-no-fortify-functions dist/*.changes
	@bash tests/package/install.sh
	@bash tests/package/boot.sh

clean:
	rm -rf .build .cache dist
