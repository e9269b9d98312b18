# Sourced by tests/run.sh and examples/run.sh: makes sure the Debian packages
# libcsvc builds and tests with are installed. Installs them when it can (as
# root, or with password-less sudo); otherwise prints the exact command and
# stops.

csvc_build_packages="meson ninja-build gcc g++ pkg-config libsqlite3-dev libjansson-dev libglpk-dev"
csvc_test_packages="libcmocka-dev abigail-tools doxygen python3 python3-venv python3-pandas python3-matplotlib chromium tzdata clang"

csvc_ensure_packages() {
    local missing="" pkg
    for pkg in "$@"; do
        if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed"; then
            missing="$missing $pkg"
        fi
    done
    [ -z "$missing" ] && return 0
    local install="apt-get install -y --no-install-recommends$missing"
    if [ "$(id -u)" = 0 ]; then
        echo "Installing Debian packages:$missing"
        DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
            DEBIAN_FRONTEND=noninteractive $install >/dev/null
    elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
        echo "Installing Debian packages with sudo:$missing"
        sudo DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
            sudo DEBIAN_FRONTEND=noninteractive $install >/dev/null
    else
        echo "Missing Debian packages. Install them with:" >&2
        echo "    sudo apt-get update && sudo $install" >&2
        exit 1
    fi
}

# The optional dependencies the build looks for, as "name=0|1" words: a
# build directory configured when one of them was missing must be
# configured again once it is there (Meson would keep its old answer).
csvc_optional_deps="cmocka libpq glpk"
csvc_deps_stamp() {
    local dep words=""
    for dep in $csvc_optional_deps; do
        # GLPK has no pkg-config file on Debian: its header tells.
        if pkg-config --exists "$dep" 2>/dev/null || { [ "$dep" = glpk ] && [ -f /usr/include/glpk.h ]; }; then
            words="$words $dep=1"
        else
            words="$words $dep=0"
        fi
    done
    echo "$words"
}

# Configures the build directory $1 with the remaining meson options:
# once, and again from scratch when the optional dependencies found differ
# from those it was configured with.
csvc_configure() {
    local dir="$1"
    shift
    local stamp
    stamp=$(csvc_deps_stamp)
    if [ -f "$dir/build.ninja" ] && [ "$(cat "$dir/.csvc-deps" 2>/dev/null)" != "$stamp" ]; then
        echo "$dir: the optional dependencies changed ($stamp); configuring again"
        meson setup --wipe "$dir" "$@"
    elif [ ! -f "$dir/build.ninja" ]; then
        meson setup "$dir" "$@"
    fi
    echo "$stamp" > "$dir/.csvc-deps"
}

# Configures (as above) and builds the build directory $1.
csvc_build() {
    local dir="$1"
    csvc_configure "$@"
    ninja -C "$dir"
}

# Fails loudly when a test suite the build should have is not registered
# (a build directory configured without cmocka runs no unit test).
csvc_require_suites() {
    local dir="$1" suite listed
    shift
    listed=$(meson introspect "$dir" --tests 2>/dev/null)
    for suite in "$@"; do
        if ! printf '%s\n' "$listed" | grep -q "\"libcsvc:$suite\""; then
            echo "error: $dir has no '$suite' tests registered; is its dependency installed?" >&2
            exit 1
        fi
    done
}
