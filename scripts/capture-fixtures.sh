#!/usr/bin/env bash
# Re-captures every interpreter fixture from the real tools in throwaway network namespaces, then the
# lab-* ones from the aksdiag fault lab (which also needs Node 24 and the repository's npm packages).
# Needs root and iproute2, iptables, nftables, ufw, netcat-openbsd, ncat, netcat-traditional, busybox, dnsutils,
# dnsmasq-base, curl.
# The host's own firewall, ufw configuration and resolv.conf are left untouched.
set -euo pipefail
here=$(dirname "$0")
if [ "$(id -u)" -ne 0 ]; then
  echo "capture-fixtures: run as root (it creates network namespaces)" >&2
  exit 2
fi
bash "$here/fixtures/capture-firewall.sh"
bash "$here/fixtures/capture-rulesets.sh"
bash "$here/fixtures/capture-network.sh"
bash "$here/fixtures/capture-platforms.sh"
bash "$here/fixtures/capture-lab.sh"
bash "$here/fixtures/capture-node-image-check.sh"
