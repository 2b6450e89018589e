#!/usr/bin/env bash
# Creates aksdiag's custom Azure roles (deploy/azure/roles/*.json) in a subscription and assigns
# them, least privilege, to the identity aksdiag runs as; for workload identity on AKS it also
# federates that identity with the aksdiag service account (deploy/kubernetes).
#
#   deploy/azure/assign-roles.sh --subscription SUB --cluster RG/NAME \
#       --identity-group RG --identity-name NAME [--fixes] [--admin-fallback] [--dry-run]
#
#   --subscription     the subscription of the cluster to check (run once per subscription)
#   --cluster          a cluster aksdiag checks: command invoke on it, run-command on its node RG
#   --identity-group   resource group of the user-assigned managed identity (created if missing)
#   --identity-name    its name
#   --home-cluster     RG/NAME of the AKS cluster aksdiag runs in (federated credential); optional
#   --reader-scope     where "aksdiag Reader" is assigned; default the whole subscription (to find
#                      clusters by name); a resource group id narrows it
#   --fixes            also the fixer roles (NSG rule and VNet DNS write and instance reimage on the
#                      node RG, cluster update for the authorized-IP and SNAT fixes, linking a
#                      bring-your-own private DNS zone): only when AKSDIAG_FIX_APPROVERS is set
#   --firewall-group   with --fixes: the resource group of the Azure Firewall the nodes' egress goes
#                      through, where "aksdiag Firewall Fixer" is assigned (firewall rule fixes)
#   --network-watcher  also "aksdiag Network Watcher" (optional): NSG diagnostics as a second opinion beside
#                      aksdiag's NSG verdicts, assigned on the group that holds the region's Network Watcher
#   --network-watcher-group  that group; default NetworkWatcherRG, where Azure creates NetworkWatcher_<region>
#   --admin-fallback   also the built-in "Azure Kubernetes Service Cluster Admin Role" on the cluster
#                      (listClusterAdminCredential), used when the user credentials are refused
#   --dry-run          print the az commands that change something instead of running them
#
# Run it as someone who may create role definitions and assignments (Owner or User Access
# Administrator on the subscription). Checked by test/deploy/azure-roles.test.ts with a stub az.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
sub="" cluster="" id_rg="" id_name="" home="" reader_scope="" fw_rg="" fixes=0 admin=0 dry=0 nw=0 nw_rg="NetworkWatcherRG"
while [ $# -gt 0 ]; do
  case "$1" in
    --subscription) sub="$2"; shift 2 ;;
    --cluster) cluster="$2"; shift 2 ;;
    --identity-group) id_rg="$2"; shift 2 ;;
    --identity-name) id_name="$2"; shift 2 ;;
    --home-cluster) home="$2"; shift 2 ;;
    --reader-scope) reader_scope="$2"; shift 2 ;;
    --fixes) fixes=1; shift ;;
    --firewall-group) fw_rg="$2"; shift 2 ;;
    --admin-fallback) admin=1; shift ;;
    --network-watcher) nw=1; shift ;;
    --network-watcher-group) nw_rg="$2"; shift 2 ;;
    --dry-run) dry=1; shift ;;
    -h|--help) sed -n '2,/^# Administrator/p' "$0"; exit 0 ;;
    *) echo "assign-roles.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done
for v in sub cluster id_rg id_name; do
  if [ -z "${!v}" ]; then echo "assign-roles.sh: missing --${v//_/-} (see --help)" >&2; exit 2; fi
done
case "$cluster" in */*) ;; *) echo "assign-roles.sh: --cluster is RG/NAME" >&2; exit 2 ;; esac

# Changes go through here: printed with --dry-run, run otherwise.
change() {
  if [ "$dry" = 1 ]; then printf 'would run: az'; printf ' %q' "$@"; printf '\n'; else az "$@"; fi
}

sub_scope="/subscriptions/$sub"
reader_scope="${reader_scope:-$sub_scope}"
az account set --subscription "$sub"

# 1. The role definitions, with this subscription as their assignable scope (created or updated).
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
role_name() { sed -n 's/^ *"Name": *"\(.*\)",$/\1/p' "$1"; }
for file in "$here"/roles/*.json; do
  name="$(role_name "$file")"
  sed "s#/subscriptions/{subscriptionId}#$sub_scope#" "$file" > "$tmp/$(basename "$file")"
  existing="$(az role definition list --custom-role-only true --scope "$sub_scope" --name "$name" --query '[0].id' -o tsv)"
  if [ -n "$existing" ]; then
    change role definition update --role-definition "@$tmp/$(basename "$file")"
  else
    change role definition create --role-definition "@$tmp/$(basename "$file")"
  fi
done

# 2. The cluster and its node resource group.
cluster_rg="${cluster%%/*}" cluster_name="${cluster#*/}"
cluster_id="$(az aks show -g "$cluster_rg" -n "$cluster_name" --query id -o tsv)"
node_rg="$(az aks show -g "$cluster_rg" -n "$cluster_name" --query nodeResourceGroup -o tsv)"
node_rg_scope="$sub_scope/resourceGroups/$node_rg"

# 3. The identity aksdiag runs as.
if ! az identity show -g "$id_rg" -n "$id_name" --query id -o tsv >/dev/null 2>&1; then
  change identity create -g "$id_rg" -n "$id_name"
fi
principal="$(az identity show -g "$id_rg" -n "$id_name" --query principalId -o tsv)"
client_id="$(az identity show -g "$id_rg" -n "$id_name" --query clientId -o tsv)"

# 4. Least privilege: read broadly, run commands only where the nodes and the cluster are.
assign() {
  change role assignment create --assignee-object-id "$principal" --assignee-principal-type ServicePrincipal \
    --role "$1" --scope "$2"
}
assign "aksdiag Reader" "$reader_scope"
assign "aksdiag Node Runner" "$node_rg_scope"
assign "aksdiag Command Invoke" "$cluster_id"
if [ "$fixes" = 1 ]; then
  # The NICs' NSG lives in the node resource group; assign on a custom subnet NSG's group too if wanted.
  assign "aksdiag NSG Fixer" "$node_rg_scope"
  # The managed VNet is in the node resource group too; a bring-your-own VNet's group needs its own assignment.
  assign "aksdiag VNet DNS Fixer" "$node_rg_scope"
  assign "aksdiag Node Reimager" "$node_rg_scope"
  if [ -n "$fw_rg" ]; then
    assign "aksdiag Firewall Fixer" "$sub_scope/resourceGroups/$fw_rg"
  fi
  # A private cluster with its own private DNS zone: linking it needs the zone's group and the VNet's.
  zone="$(az aks show -g "$cluster_rg" -n "$cluster_name" --query apiServerAccessProfile.privateDnsZone -o tsv)"
  case "$zone" in
    /subscriptions/*)
      assign "aksdiag Private DNS Linker" "${zone%%/providers/*}"
      assign "aksdiag Private DNS Linker" "$node_rg_scope"
      ;;
  esac
  assign "aksdiag Cluster Fixer" "$cluster_id"
fi
if [ "$nw" = 1 ]; then
  assign "aksdiag Network Watcher" "$sub_scope/resourceGroups/$nw_rg"
fi
if [ "$admin" = 1 ]; then
  assign "Azure Kubernetes Service Cluster Admin Role" "$cluster_id"
fi

# 5. Workload identity: tokens of the aksdiag service account become tokens of this identity.
if [ -n "$home" ]; then
  issuer="$(az aks show -g "${home%%/*}" -n "${home#*/}" --query oidcIssuerProfile.issuerUrl -o tsv)"
  change identity federated-credential create --name aksdiag --identity-name "$id_name" \
    --resource-group "$id_rg" --issuer "$issuer" --subject system:serviceaccount:aksdiag:aksdiag \
    --audience api://AzureADTokenExchange
fi

echo "aksdiag identity: client id $client_id"
echo "  kubectl annotate serviceaccount aksdiag -n aksdiag --overwrite azure.workload.identity/client-id=$client_id"
