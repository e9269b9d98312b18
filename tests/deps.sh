# Sourced by tests/run.sh and examples/run.sh: makes sure the Debian packages
# libcsvc builds and tests with are installed. Installs them when it can (as
# root, or with password-less sudo); otherwise prints the exact command and
# stops.

csvc_build_packages="meson ninja-build gcc g++ pkg-config libsqlite3-dev libjansson-dev"
csvc_test_packages="libcmocka-dev abigail-tools python3 python3-setuptools python3-pip python3-wheel python3-venv"

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

# Configures (once) and builds the build directory $1 with the remaining
# meson options.
csvc_build() {
    local dir="$1"
    shift
    if [ ! -f "$dir/build.ninja" ]; then
        meson setup "$dir" "$@"
    fi
    ninja -C "$dir"
}
