# The README's two commands. Everything real lives in meson.build; this only drives it.
# build/ is the optimised build `make run` uses; build-asan/ carries ASan+UBSan for `make check`.
DB ?= mapo.db

.PHONY: run check deps build build-asan clean

deps:
	@sh scripts/install-deps.sh

build: deps
	@[ -f build/build.ninja ] || meson setup build --buildtype=release >/dev/null
	@ninja -C build >/dev/null

build-asan: deps
	@[ -f build-asan/build.ninja ] || meson setup build-asan -Db_sanitize=address,undefined -Db_lundef=false >/dev/null
	@ninja -C build-asan >/dev/null

run: build
	@sh scripts/run.sh build $(DB)

# check builds the release tree too, so a warning only -O3 sees cannot break `make run` unnoticed.
check: build build-asan
	@sh scripts/check.sh build-asan

clean:
	rm -rf build build-asan
