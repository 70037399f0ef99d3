#!/usr/bin/env bash
# Installs what the real-VS-Code tests need: Debian's chromium and build tools, and code-server
# (VS Code 1.100.3 as a server, from npm) in a cache outside the work tree, so repeated runs on
# one machine reuse it. Idempotent: a marker written last says the install is complete; anything
# without it is a half-finished earlier attempt and is redone from scratch.
# Only the npm registry and Debian's archive are reachable, which is why code-server is installed
# with --ignore-scripts and its postinstall is done by hand (see shared notes: real-vscode.md).
set -euo pipefail

CS_VERSION=4.100.3   # last code-server whose npm package runs on Node 20
CACHE=${RCU_LENS_CACHE:-$HOME/.cache/rcu-lens}
CS_DIR=$CACHE/code-server-$CS_VERSION
MARKER=$CS_DIR/.rcu-lens-complete
STAMP="code-server@$CS_VERSION node-$(node -p process.versions.modules)"   # native modules follow Node's ABI
APT_PKGS=(chromium ripgrep libkrb5-dev build-essential python3 fonts-liberation ca-certificates)

log() { echo "[setup:vscode $(date +%T)] $*"; }

# --- Debian packages (skipped when all are there: apt is the slow part) ---
missing=()
for p in "${APT_PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "setup:vscode: missing Debian packages: ${missing[*]}" >&2
    echo "  run as root, or: sudo apt-get install --no-install-recommends ${missing[*]}" >&2
    exit 1
  fi
  log "apt-get install ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

if [ -f "$MARKER" ] && [ "$(cat "$MARKER")" = "$STAMP" ]; then
  log "code-server $CS_VERSION ready in $CS_DIR"
  exit 0
fi

# --- code-server from npm ---
log "installing code-server $CS_VERSION into $CS_DIR"
rm -rf "$CS_DIR"
mkdir -p "$CS_DIR"
cd "$CS_DIR"
echo '{"name":"rcu-lens-code-server","private":true}' > package.json
# node-gyp must compile against the installed Node's headers, never download them.
prefix=$(node -p 'require("path").resolve(process.execPath, "../..")')
[ -d "$prefix/include/node" ] && export npm_config_nodedir=$prefix
export npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false
# node-gyp sits beside code-server: node-pty's build calls `npx node-gyp`, which finds it by
# walking up from node-pty's folder (no global install, no prompt to download it).
npm install --ignore-scripts "code-server@$CS_VERSION" node-gyp@11
CS_PKG=$CS_DIR/node_modules/code-server
# argon2's own install would look for a prebuilt binary on GitHub.
npm rebuild argon2 --build-from-source

# What code-server's postinstall.sh does, by hand: its `npm install` in lib/vscode would run
# @vscode/ripgrep's postinstall, which downloads rg from GitHub.
cd "$CS_PKG/lib/vscode"
npm install --omit=dev --ignore-scripts
mkdir -p node_modules/@vscode/ripgrep/bin
cp /usr/bin/rg node_modules/@vscode/ripgrep/bin/rg
npm rebuild   # builds spdlog, node-pty, native-watchdog, kerberos... from source
ln -sfn node_modules node_modules.asar
(cd bin/remote-cli && ln -sf code-linux.sh code-server)
(cd bin/helpers && ln -sf browser-linux.sh browser.sh)
(cd extensions && npm install --omit=dev --ignore-scripts)   # built-in extensions' own deps

node "$CS_PKG/out/node/entry.js" --version
echo "$STAMP" > "$MARKER"
log "code-server $CS_VERSION installed in $CS_DIR ($(du -sh "$CS_DIR" | cut -f1))"
