#!/bin/sh
# Regenerate the handout screenshots in docs/ that the README shows.
#
# Renders the Dutch handouts of examples/communities/klantgericht-schrijven/charter.yaml and the English one-pager
# of examples/communities/learning-from-incidents/charter.yaml to PDF with copkit, then the first page of each to PNG at 80 dpi
# with pdftoppm (poppler-utils). Run it from anywhere, inside copkit's dev environment:
#
#     . .venv/bin/activate && sh docs/make-screenshots.sh
#
# Needs: copkit (pip install -e .), WeasyPrint's Pango library, and pdftoppm (apt install poppler-utils).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
date=2027-01-12  # a fixed meeting date, so the pictures only change when the handouts do

if command -v copkit >/dev/null 2>&1; then
    copkit=copkit
else
    copkit="${PYTHON:-python3} -m copkit"
fi
command -v pdftoppm >/dev/null 2>&1 || { echo "make-screenshots.sh: pdftoppm not found (apt install poppler-utils)" >&2; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/copkit-screenshots.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM

$copkit render "$root/examples/communities/klantgericht-schrijven/charter.yaml" --handout all --format pdf --lang nl \
    --date "$date" --out "$work/nl"
$copkit render "$root/examples/communities/learning-from-incidents/charter.yaml" --handout onepager --format pdf --lang en \
    --date "$date" --out "$work/en"

# The agenda of every phase's meeting, the operating community's in English; the retro sheet of a
# community that winds down (its future version).
for meeting in exploration closing; do
    $copkit render "$root/examples/communities/klantgericht-schrijven/charter.yaml" --handout agenda --meeting "$meeting" \
        --format pdf --lang nl --date "$date" --out "$work/$meeting"
done
$copkit render "$root/examples/communities/learning-from-incidents/charter.yaml" --handout agenda --format pdf --lang en \
    --date "$date" --out "$work/session"
sed 's/^phase: start-up$/phase: wind-down/' "$root/examples/communities/klantgericht-schrijven/charter.yaml" > "$work/winding-down.yaml"
$copkit render "$work/winding-down.yaml" --handout retro --format pdf --lang nl --date "$date" --out "$work/wind-down"

shot() {  # shot PDF PNG: the first page of PDF as PNG
    pdftoppm -png -r 80 -singlefile "$1" "$work/shot"
    mv "$work/shot.png" "$2"
    echo "$2: $(wc -c <"$2" | tr -d ' ') bytes"
}
shot "$work/nl/klantgericht-schrijven-onepager.pdf" "$here/onepager-nl.png"
shot "$work/nl/klantgericht-schrijven-agenda.pdf" "$here/agenda-nl.png"
shot "$work/nl/klantgericht-schrijven-retro.pdf" "$here/retro-nl.png"
shot "$work/nl/klantgericht-schrijven-invitation.pdf" "$here/invitation-nl.png"
shot "$work/en/learning-from-incidents-onepager.pdf" "$here/onepager-en.png"
shot "$work/exploration/klantgericht-schrijven-agenda.pdf" "$here/agenda-exploration-nl.png"
shot "$work/session/learning-from-incidents-agenda.pdf" "$here/agenda-session-en.png"
shot "$work/closing/klantgericht-schrijven-agenda.pdf" "$here/agenda-closing-nl.png"
shot "$work/wind-down/klantgericht-schrijven-retro.pdf" "$here/retro-wind-down-nl.png"

# The journal's report of the operating community, as of a fixed day: its first page and its charts page.
$copkit report "$root/examples/communities/learning-from-incidents/charter.yaml" --format pdf --lang en \
    --today 2026-11-24 --out "$work/report"
shot "$work/report/learning-from-incidents-report.pdf" "$here/report-en.png"
pdftoppm -png -r 80 -singlefile -f 3 -l 3 "$work/report/learning-from-incidents-report.pdf" "$work/charts"
mv "$work/charts.png" "$here/report-charts-en.png"
echo "$here/report-charts-en.png: $(wc -c <"$here/report-charts-en.png" | tr -d ' ') bytes"
