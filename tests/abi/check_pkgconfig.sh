#!/usr/bin/env bash
# Installs the build into a temporary root and links a program that uses
# the store through the installed csvc.pc: once against libcsvc.so, once
# against libcsvc.a with `pkg-config --static` (which needs the private
# dependencies: sqlite3, jansson, -lm, -pthread). Both programs must run.
#   check_pkgconfig.sh BUILD_DIR CC
set -euo pipefail
build="$1"
cc="$2"
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
meson install -C "$build" --destdir "$root" --quiet >/dev/null
pcdir=$(dirname "$(find "$root" -name csvc.pc | head -n 1)")
libdir=$(dirname "$(find "$root" -name 'libcsvc.a' | head -n 1)")
export PKG_CONFIG_PATH="$pcdir" PKG_CONFIG_SYSROOT_DIR="$root"

cat > "$root/prog.c" <<'C'
#include <csvc.h>
#include <stdio.h>

int main(int argc, char **argv)
{
    csvc_store *store;
    csvc_roster *roster;
    csvc_desk *desk;
    if (argc < 2 || csvc_store_open(argv[1], NULL, &store) != CSVC_OK ||
        csvc_roster_new(NULL, &roster) != CSVC_OK) {
        fprintf(stderr, "%s\n", csvc_last_errmsg());
        return 1;
    }
    csvc_team_info t = CSVC_TEAM_INFO_INIT;
    t.id = "RET";
    csvc_ticket_spec spec = CSVC_TICKET_SPEC_INIT;
    spec.id = "T-1";
    spec.team_id = "RET";
    spec.created = 1767225600;
    uint64_t events = 0;
    if (csvc_roster_add_team(roster, &t) != CSVC_OK ||
        csvc_store_attach_roster(store, roster) != CSVC_OK ||
        csvc_desk_new(roster, NULL, &desk) != CSVC_OK ||
        csvc_store_attach_desk(store, desk) != CSVC_OK || csvc_desk_create(desk, &spec) != CSVC_OK ||
        csvc_store_event_count(store, &events) != CSVC_OK || events != 1 ||
        csvc_store_verify(store, NULL) != CSVC_OK) {
        fprintf(stderr, "%s\n", csvc_store_errmsg(store));
        return 1;
    }
    printf("libcsvc %s: 1 event stored\n", csvc_version());
    csvc_store_close(store);
    csvc_desk_free(desk);
    csvc_roster_free(roster);
    return 0;
}
C
# Shared.
$cc -o "$root/prog_shared" "$root/prog.c" $(pkg-config --cflags --libs csvc)
LD_LIBRARY_PATH="$libdir" "$root/prog_shared" "$root/shared.db"
# Read whole first: `ldd | grep -q` can SIGPIPE ldd, which pipefail reports.
needed=$(ldd "$root/prog_shared")
if [[ "$needed" == *libcsvc.so* ]]; then echo "ok: linked against libcsvc.so"; fi
# Static: a directory holding libcsvc.a alone, searched first.
mkdir "$root/static"
cp "$libdir/libcsvc.a" "$root/static/"
$cc -o "$root/prog_static" "$root/prog.c" -L"$root/static" $(pkg-config --static --cflags --libs csvc)
needed=$(ldd "$root/prog_static")
if [[ "$needed" == *libcsvc.so* ]]; then
    echo "FAIL: the static program loads libcsvc.so"
    exit 1
fi
"$root/prog_static" "$root/static.db"
echo "ok: linked against libcsvc.a with pkg-config --static"
