#!/usr/bin/env bash
# Builds the Debian package with CPack into a scratch directory and checks it with dpkg-deb: its
# fields, its file list, that Depends names the package of every shared library the packaged
# binary needs, and that the packaged mews-etl runs (extracted into a scratch root) and prints
# its version.   deb_test.sh BUILD_DIR VERSION
set -euo pipefail
build=$1 version=$2
scratch=$(mktemp -d "${TMPDIR:-/tmp}/mews-etl-deb.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
fail() { echo "deb_test: $*" >&2; exit 1; }

cpack --config "$build/CPackConfig.cmake" -B "$scratch/out" >"$scratch/cpack.log" 2>&1 ||
  { cat "$scratch/cpack.log" >&2; fail "cpack failed"; }
debs=("$scratch"/out/*.deb)
[ ${#debs[@]} -eq 1 ] && [ -f "${debs[0]}" ] || fail "expected one .deb in $scratch/out, got: ${debs[*]}"
deb=${debs[0]}
arch=$(dpkg --print-architecture)
[ "$(basename "$deb")" = "mews-etl_${version}_${arch}.deb" ] || fail "package file named $(basename "$deb")"

field() { dpkg-deb --field "$deb" "$1"; }
[ "$(field Package)" = mews-etl ] || fail "Package: $(field Package)"
[ "$(field Version)" = "$version" ] || fail "Version: $(field Version), want $version"
[ "$(field Architecture)" = "$arch" ] || fail "Architecture: $(field Architecture)"
[ -n "$(field Maintainer)" ] || fail "no Maintainer"
[ -n "$(field Description)" ] || fail "no Description"
depends=$(field Depends)
depend_names=$(echo "$depends" | tr ',' '\n' | sed 's/^ *//; s/ .*//')

# The file list: the binary and the documentation under /usr, nothing else (no mews-sim, no tests).
files=$(dpkg-deb --fsys-tarfile "$deb" | tar -t | grep -v '/$' | sort)
want=$(printf '%s\n' ./usr/bin/mews-etl ./usr/share/doc/mews-etl/README.md \
  ./usr/share/doc/mews-etl/docs/table-reference.md | sort)
missing=$(comm -13 <(echo "$files") <(echo "$want"))
[ -z "$missing" ] || fail "missing from the package: $missing"
extra=$(echo "$files" | grep -v -e '^\./usr/bin/mews-etl$' -e '^\./usr/share/doc/mews-etl/' || true)
[ -z "$extra" ] || fail "unexpected files in the package: $extra"

dpkg-deb -x "$deb" "$scratch/root"
etl=$scratch/root/usr/bin/mews-etl
out=$("$etl" --version) || fail "packaged mews-etl --version exited $?"
[ "$out" = "mews-etl $version" ] || fail "packaged mews-etl --version printed '$out'"

# Every NEEDED library resolves to a Debian package that Depends names.
for lib in $(readelf -d "$etl" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'); do
  path=$(ldd "$etl" | awk -v l="$lib" '$1 == l {print $3}')
  [ -n "$path" ] || fail "ldd cannot resolve $lib"
  real=$(readlink -f "$path")
  pkg=""
  for p in "$path" "$real" "${real#/usr}" "/usr${real}"; do  # usrmerge: /lib and /usr/lib alike
    pkg=$(dpkg-query -S "$p" 2>/dev/null | awk -F: 'NR == 1 {print $1}') && [ -n "$pkg" ] && break
  done
  [ -n "$pkg" ] || fail "no Debian package owns $lib ($real)"
  # The package itself, or a virtual package it provides (libspdlog1.10 provides libspdlog1.10-fmt9).
  names=$(printf '%s\n' "$pkg" $(dpkg-query -W -f='${Provides}' "$pkg" | tr ',' ' ' | sed 's/([^)]*)//g'))
  grep -qxF "$names" <<<"$depend_names" ||
    fail "Depends names neither $pkg nor what it provides (for $lib): $depends"
done
echo "deb_test: $(basename "$deb") ok; Depends: $depends"
