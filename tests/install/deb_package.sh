#!/usr/bin/env bash
# deb_package.sh BUILD_DIR: `cpack -G DEB` makes a .deb that depends on the
# shared libraries the program links, that dpkg would install here, and whose
# tree runs a shipped scenario by name (README, "Installing").
set -euo pipefail
build=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "deb_package: $*" >&2; exit 1; }
for tool in cpack dpkg-deb dpkg-shlibdeps; do
  if ! command -v "$tool" > /dev/null; then
    echo "PORTLAB_SKIP: $tool is not installed (Debian package dpkg-dev)"
    exit 0
  fi
done

(cd "$build" && cpack -G DEB -B "$work" > "$work/cpack.log" 2>&1) || { cat "$work/cpack.log"; fail "cpack failed"; }
deb=$(ls "$work"/portlab_*.deb)
depends=$(dpkg-deb -f "$deb" Depends)
for lib in libyaml-cpp libabsl libc6 libstdc++6 libnettle; do  # libnettle: the program's SHA-256
  grep -q "$lib" <<< "$depends" || fail "Depends does not name $lib: $depends"
done
contents=$(dpkg-deb -c "$deb")
for f in ./usr/bin/portlab ./usr/share/portlab/scenarios/web-browsing.yaml ./usr/share/man/man1/portlab.1 \
         ./usr/share/bash-completion/completions/portlab; do
  grep -q " $f\$" <<< "$contents" || fail "$f is not in the package"
done
# Every dependency is one this machine can satisfy (no install is made).
dpkg --dry-run -i "$deb" > "$work/dry-run.log" 2>&1 || { cat "$work/dry-run.log"; fail "dpkg would not install it"; }
dpkg-deb -x "$deb" "$work/root"
cd /
out=$(env -u PORTLAB_SCENARIOS "$work/root/usr/bin/portlab" run web-browsing) || fail "the packaged portlab failed: $out"
grep -q '^scenario  two browser connections to one HTTPS server' <<< "$out" || fail "unexpected summary: $(head -3 <<< "$out")"
echo "$(basename "$deb"): Depends: $depends"
