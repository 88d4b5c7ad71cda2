#!/usr/bin/env bash
# Checks a sweep's HTML report in headless chromium, as SweepReportBrowserTest does:
#   scripts/check-report.sh runs/<experiment>/summary
# loads index.html from the file system, dumps the DOM after the load event, and checks that the
# tables are there and that every image loaded (the page's own script counts images with a natural
# width into #image-check). Exit 0 when all is well, 1 when not, 2 when chromium is missing.
set -euo pipefail
summary="${1:?usage: $0 <summary-dir>}"
html="$(cd "$summary" && pwd)/index.html"
[ -f "$html" ] || { echo "no index.html in $summary" >&2; exit 1; }
chromium="${CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}"
[ -n "$chromium" ] || { echo "no chromium (apt-get install -y chromium)" >&2; exit 2; }
profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT
dom="$(timeout 120 "$chromium" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync --user-data-dir="$profile" \
  --virtual-time-budget=5000 --dump-dom "file://$html" 2>"$profile/stderr")" || {
  echo "chromium failed:" >&2; tail -5 "$profile/stderr" >&2; exit 1; }
status=0
for table in aggregate runs; do
  if grep -q "<table class=\"$table\"" <<<"$dom"; then echo "table $table: present"
  else echo "table $table: MISSING"; status=1; fi
done
check="$(grep -o 'id="image-check"[^>]*' <<<"$dom" || true)"
loaded="$(sed -n 's/.*data-loaded="\([0-9]*\)".*/\1/p' <<<"$check")"
total="$(sed -n 's/.*data-total="\([0-9]*\)".*/\1/p' <<<"$check")"
if [ -z "$loaded" ] || [ -z "$total" ]; then
  echo "images: the page's image check did not run"; status=1
elif [ "$loaded" != "$total" ]; then
  echo "images: $loaded of $total loaded"; status=1
else
  echo "images: $loaded of $total loaded"
fi
exit $status
