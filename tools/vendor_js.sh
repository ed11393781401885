#!/bin/sh
# Vendor the chart libraries into src/marsad/web/static/vendor/ (run at build time; the result is committed).
#
#   tools/vendor_js.sh            # fetch the pinned versions from the npm registry and copy them in
#   tools/vendor_js.sh --check    # the same into a scratch folder, then compare with what is committed
#
# Each package is fetched with `npm pack` (the registry's tarball, nothing installed, no install scripts
# run), its SHA-512 is checked against the integrity pinned below, and only its minified dist files and
# its licence files are copied. The app serves them itself: no CDN, nothing fetched at run time.
# Why these libraries, and what they measured: docs/charts.md.
set -eu

# name version sha512-integrity (from `npm view NAME@VERSION dist.integrity`)
PACKAGES="
echarts 6.1.0 sha512-q0yaFPggC9FUdsWH4blavRWFmxdrIodbkoKNAjJudAI6CA9gNPxHtV2RcZNEepZVlk4yvBYkOkbk6HIVpIyHZA==
leaflet 1.9.4 sha512-nxS1ynzJOmOlHp+iL3FyWqK89GtNL8U8rvlMOsQdTTssxZwCXh8N2NB3GDQOL+YR3XnWyZAxwQixURb+FA74PA==
leaflet.markercluster 1.5.3 sha512-vPTw/Bndq7eQHjLBVlWpnGeLa3t+3zGiuM7fJwCkiMFq+nmRuG3RI3f7f4N4TDX7T4NpbAXpR2+NTRSEGfCSeA==
"
# package: files to copy (paths inside the tarball's package/ folder)
files_of() {
  case "$1" in
    echarts) echo "dist/echarts.min.js i18n/langAR.js LICENSE NOTICE licenses/LICENSE-d3" ;;
    leaflet) echo "dist/leaflet.js dist/leaflet.css LICENSE" ;;
    leaflet.markercluster) echo "dist/leaflet.markercluster.js dist/MarkerCluster.css dist/MarkerCluster.Default.css MIT-LICENCE.txt" ;;
  esac
}

root=$(cd "$(dirname "$0")/.." && pwd)
target="$root/src/marsad/web/static/vendor"
check=false
[ "${1:-}" = "--check" ] && check=true
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
out="$work/vendor"
mkdir -p "$out"

echo "$PACKAGES" | while read -r name version integrity; do
  [ -n "$name" ] || continue
  (cd "$work" && npm pack --silent --ignore-scripts "$name@$version" >/dev/null)
  tarball="$work/$name-$version.tgz"
  actual="sha512-$(openssl dgst -sha512 -binary "$tarball" | base64 -w0)"
  if [ "$actual" != "$integrity" ]; then
    echo "error: $name@$version: integrity $actual, expected $integrity" >&2
    exit 1
  fi
  mkdir -p "$work/$name" "$out/$name"
  tar xzf "$tarball" -C "$work/$name"
  for f in $(files_of "$name"); do
    cp "$work/$name/package/$f" "$out/$name/$(basename "$f")"
  done
  echo "$name $version $integrity" >> "$out/VERSIONS.txt"
done

if $check; then
  diff -r "$out" "$target" && echo "vendor/ matches the pinned packages"
else
  rm -rf "$target"
  cp -r "$out" "$target"
  echo "vendored into $target:"
  (cd "$target" && find . -type f | sort | xargs ls -l | awk '{printf "  %9d  %s\n", $5, $9}')
fi
