#!/bin/bash
# libcsvc as a Meson subproject of a parent that has its own default test
# setup: the parent configures, gets only the library and its dependency
# object (no examples, suites or benchmarks of ours), links the kind of
# library its default_library asks for, and its own test passes.
# usage: check_subproject.sh SOURCE_ROOT
set -euo pipefail
src=$(cd "$1" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

mkdir -p "$work/parent/subprojects"
ln -s "$src" "$work/parent/subprojects/libcsvc"
cat > "$work/parent/meson.build" <<'MESON'
project('parent', 'c')
add_test_setup('default', is_default: true, timeout_multiplier: 2)
csvc_dep = dependency('csvc', fallback: ['libcsvc', 'csvc_dep'])
test('app', executable('app', 'app.c', dependencies: csvc_dep))
MESON
cat > "$work/parent/app.c" <<'C'
#include <csvc.h>
#include <stdio.h>
#include <string.h>

/* Uses the store too, so a static link needs SQLite and jansson. */
int main(void) {
    csvc_roster *roster;
    csvc_store *store;
    if (csvc_roster_new(NULL, &roster) != CSVC_OK)
        return 1;
    csvc_team_info team = CSVC_TEAM_INFO_INIT;
    team.id = "RET";
    csvc_status rc = csvc_roster_add_team(roster, &team);
    if (rc == CSVC_OK)
        rc = csvc_store_open("app.db", NULL, &store);
    if (rc == CSVC_OK) {
        rc = csvc_store_attach_roster(store, roster);
        csvc_store_close(store);
    }
    if (rc != CSVC_OK)
        fprintf(stderr, "%s\n", csvc_last_errmsg());
    csvc_roster_free(roster);
    printf("libcsvc %s\n", csvc_version());
    return rc == CSVC_OK && strcmp(csvc_version(), CSVC_VERSION_STRING) == 0 ? 0 : 1;
}
C

fail() { echo "FAIL: $*" >&2; exit 1; }

for kind in static shared; do
    build="$work/build-$kind"
    meson setup "$build" "$work/parent" --wrap-mode=nodownload \
        -Ddefault_library=$kind >"$work/setup-$kind.log" 2>&1 \
        || { cat "$work/setup-$kind.log"; fail "parent with default_library=$kind does not configure"; }
    tests=$(meson introspect "$build" --tests | python3 -c \
        'import json,sys; print(" ".join(sorted(t["name"] for t in json.load(sys.stdin))))')
    [ "$tests" = app ] || fail "the parent sees tests other than its own: $tests"
    targets=$(meson introspect "$build" --targets | python3 -c \
        'import json,sys; print(" ".join(sorted(t["name"] for t in json.load(sys.stdin) if t["type"] == "executable")))')
    [ "$targets" = app ] || fail "the parent builds executables other than its own: $targets"
    meson test -C "$build" >"$work/test-$kind.log" 2>&1 \
        || { cat "$work/test-$kind.log" "$build/meson-logs/testlog.txt"; fail "parent test fails ($kind)"; }
    # The dynamic section, read whole first: `ldd | grep -q` under pipefail
    # fails at random when grep's early exit sends ldd a SIGPIPE.
    needed=$(readelf -d "$build/app")
    case "$needed" in *libcsvc*) linked=shared ;; *) linked=static ;; esac
    [ "$linked" = "$kind" ] || fail "default_library=$kind but the parent linked libcsvc $linked: $needed"
    echo "ok: default_library=$kind: only the parent's test and executable, linked $linked"
done
