# Sourced by .ci/wine/setup and .ci/wine/runner: one Wine prefix under target/, quiet,
# without the Mono and Gecko installers (no .NET or HTML in Shtab).
ci_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
export WINEPREFIX="${WINEPREFIX:-$ci_root/target/wine}"
export WINEDEBUG="${WINEDEBUG:--all}"
export WINEDLLOVERRIDES="${WINEDLLOVERRIDES:-mscoree,mshtml=}"
# Debian's `wine` wrapper warns about wine32 on every call; the 64-bit loader does not.
if command -v wine64 >/dev/null 2>&1; then
  ci_wine=wine64
elif [ -x /usr/lib/wine/wine64 ]; then
  ci_wine=/usr/lib/wine/wine64
else
  ci_wine=wine
fi
