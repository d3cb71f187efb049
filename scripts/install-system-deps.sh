#!/usr/bin/env bash
# Install the Debian packages tripmine's optional engines need:
#   tesseract-ocr + tesseract-ocr-chi-tra  OCR of scanned PDF pages (Traditional Chinese model)
#   libreoffice-writer-nogui                .doc / .rtf conversion (headless, no GUI)
# As root (or with sudo) it installs them; otherwise it prints the one command to run.
# Safe to run again: apt-get skips what is installed. Set TRIPMINE_SKIP_SYSTEM_DEPS=1 to skip.
set -euo pipefail
PACKAGES=(tesseract-ocr tesseract-ocr-chi-tra libreoffice-writer-nogui)

if [[ "${TRIPMINE_SKIP_SYSTEM_DEPS:-0}" == "1" ]]; then
    echo "install-system-deps: skipped (TRIPMINE_SKIP_SYSTEM_DEPS=1)"
    exit 0
fi
missing=()
for pkg in "${PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$pkg")
    fi
done
if [[ ${#missing[@]} -eq 0 ]]; then
    echo "install-system-deps: ${PACKAGES[*]} already installed"
    exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "install-system-deps: no apt-get here; install the equivalents of: ${missing[*]}" >&2
    exit 0
fi
if [[ "$(id -u)" == "0" ]]; then
    SUDO=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO=(sudo -n)
else
    echo "install-system-deps: not root and no password-less sudo; run:" >&2
    echo "  sudo apt-get update && sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
    exit 0
fi
export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get update -qq
"${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
echo "install-system-deps: installed ${missing[*]}"
