#!/usr/bin/env bash
# Debian packages the build needs: Chromium (HTML -> PDF), poppler-utils (pdftotext/pdftoppm for the
# report tests), DejaVu fonts, and python3-venv where the interpreter lacks ensurepip.
# As root: installs what is missing. Otherwise: prints the one apt-get line that is missing and fails.
set -u
missing=()
command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || missing+=(chromium)
command -v pdftotext >/dev/null 2>&1 && command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils)
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing+=(fonts-dejavu-core)
"${PYTHON:-python3}" -c "import ensurepip, venv" >/dev/null 2>&1 || missing+=(python3-venv)
[ ${#missing[@]} -eq 0 ] && exit 0
line="apt-get install -y --no-install-recommends ${missing[*]}"
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
    || { echo "system-deps: failed: $line" >&2; exit 1; }
else
  echo "Missing Debian packages. Run as root:  $line" >&2
  exit 1
fi
