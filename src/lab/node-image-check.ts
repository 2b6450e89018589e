/**
 * The lab nodes' stand-in for the node image's outbound check, /opt/azure/containers/aks-check-network.sh (what
 * `az aks check-network outbound` runs). It prints the lines the real script prints, in its format
 * (`'<date> - LEVEL: message'`, quotes included), from real lookups and requests made on the node, so
 * node-aks-check-network and its interpreter run for real in the lab.
 *
 * Where it differs from the image's script, and why:
 * - the endpoints are the ones the lab has: the API server (its FQDN read from the node's kubelet kubeconfig, as
 *   the real script does) and mcr.microsoft.com; the lab has no IMDS and no management.azure.com, so that step is
 *   left out;
 * - the lab's hosts answer plain HTTP on every port, not TLS: the requests go to http://<host>:443/;
 * - a failing endpoint is tried twice with 3 s limits and a 1 s pause (the image's script: 3 tries, 10 s, 5 s).
 */
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { NODE_PATHS, nodeDir } from './node-shell.js';

/** Where the node image keeps the script (under the node's own /opt). */
export const SCRIPT_PATH = 'azure/containers/aks-check-network.sh';

/** The script's text: constant, nothing from the lab's state is interpolated into it. */
export const STAND_IN_SCRIPT = `#!/bin/bash
# aksdiag fault lab: stand-in for the node image's /opt/azure/containers/aks-check-network.sh (see
# src/lab/node-image-check.ts). Same log lines, from real lookups and requests on this node.
KUBECONFIG_PATH=/var/lib/kubelet/kubeconfig
MAX_RETRY=2
MAX_TIME=3
DELAY=1

log() { echo "'$(date) - $1: $2'"; }

check_endpoint() {
    local host=$1 why=$2 i=0 code
    if ! nslookup "$host" > /dev/null 2>&1; then
        log ERROR "Failed to test DNS resolution to $host. $why"
        return 1
    fi
    log SUCCESS "Successfully tested DNS resolution to $host"
    while true; do
        code=$(curl -s -m $MAX_TIME -o /dev/null -w "%{http_code}" "http://$host:443/")
        if [ "$code" -ge 200 ] && [ "$code" -lt 400 ]; then
            log SUCCESS "Successfully tested $host with returned status code $code"
            return 0
        fi
        i=$((i + 1))
        if [ "$i" -eq "$MAX_RETRY" ]; then
            log ERROR "Failed to curl $host after $MAX_RETRY attempts with returned status code $code. $why"
            return 1
        fi
        sleep $DELAY
    done
}

log INFO "Starting network connectivity check"
if [ ! -f "$KUBECONFIG_PATH" ]; then
    log WARNING "Kubeconfig file not found. Skipping apiserver check."
else
    fqdn=$(grep server "$KUBECONFIG_PATH" | awk -F"server: https://" '{print $2}' | cut -d : -f 1)
    if nslookup "$fqdn" > /dev/null 2>&1; then
        log SUCCESS "Successfully tested DNS resolution to $fqdn"
        code=$(curl -s -m $MAX_TIME -o /dev/null -w "%{http_code}" "http://$fqdn:443/healthz")
        if [ "$code" -ge 200 ] && [ "$code" -lt 400 ]; then
            log SUCCESS "Successfully tested apiserver $fqdn with returned status code $code"
        else
            log ERROR "Failed to test $fqdn with returned status code $code. Node might not be able to connect to the apiserver"
        fi
    else
        log ERROR "Failed to test DNS resolution to $fqdn. Node might not be able to connect to the apiserver"
    fi
fi
check_endpoint mcr.microsoft.com "This is required to access images in Microsoft Container Registry (MCR)."
log INFO "Network connectivity check completed"
`;

/** The kubelet's kubeconfig as far as the script reads it: the API server's address. */
export function kubeletKubeconfig(apiserverFqdn: string): string {
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    '- cluster:',
    '    certificate-authority: /etc/kubernetes/certs/ca.crt',
    `    server: https://${apiserverFqdn}:443`,
    '  name: localcluster',
    '',
  ].join('\n');
}

/** Puts the stand-in under the node's /opt and the kubelet kubeconfig under its /var/lib. */
export function installNodeImageCheck(node: string, apiserverFqdn: string): void {
  const script = join(nodeDir(node), NODE_PATHS.opt, SCRIPT_PATH);
  mkdirSync(join(script, '..'), { recursive: true });
  writeFileSync(script, STAND_IN_SCRIPT);
  chmodSync(script, 0o755);
  const kubelet = join(nodeDir(node), NODE_PATHS.varLib, 'kubelet');
  mkdirSync(kubelet, { recursive: true });
  writeFileSync(join(kubelet, 'kubeconfig'), kubeletKubeconfig(apiserverFqdn));
}
