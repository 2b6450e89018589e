/**
 * The alert receiver's settings, as config.ts reads them: who may send alerts (a bearer token, a
 * user and password), which channel an alert goes to (a cluster → channel map and a default), and
 * which labels name the cluster. Parsing only: config.ts is the one reader of the environment.
 */
import { AksdiagError } from '../errors.js';

/** A cluster as a route names it: `name`, `resourceGroup/name` or `subscription/resourceGroup/name`. */
export interface ClusterPattern {
  name: string;
  resourceGroup?: string;
  subscription?: string;
}

export interface AlertRoute {
  cluster: ClusterPattern;
  channel: string;
}

export interface AlertSettings {
  /** The port of the alert receiver (its own listener, in both Slack modes); 0 picks a free one. */
  port: number;
  /** `Authorization: Bearer <token>` (Alertmanager `http_config.authorization`); also `?token=` on the Azure path. */
  token: string | null;
  /** `Authorization: Basic` (Alertmanager `basic_auth`, an action group URL with user:password@). */
  basic: { user: string; password: string } | null;
  /** Where an alert of no mapped cluster goes; null: it is logged as unroutable. */
  defaultChannel: string | null;
  routes: AlertRoute[];
  /** Label (or Azure dimension) names that carry the cluster's name, compared without case. */
  clusterLabels: string[];
  /** Label names that carry its resource group. */
  resourceGroupLabels: string[];
  /** Bodies larger than this are refused with 413. */
  maxBytes: number;
  /** At most one new message per alert group within this; otherwise its thread is updated in place. */
  repostMs: number;
}

/** Slack channel ids: public (C…) and private (G…) channels. */
const CHANNEL = /^[CG][A-Z0-9]{2,}$/;
/** Azure names: resource groups allow `._-()`, clusters letters, digits, `-` and `_`. */
const PART = /^[A-Za-z0-9._()-]{1,90}$/;

const invalid = (setting: string, message: string, hint: string) =>
  new AksdiagError('config-invalid', `Setting ${setting} is invalid: ${message}.`, hint);

export function parseChannel(setting: string, value: string): string {
  const channel = value.trim();
  if (!CHANNEL.test(channel))
    throw invalid(
      setting,
      `"${channel.slice(0, 40)}" is not a channel id`,
      "Give the channel's id (C… or G…: the channel's details, at the bottom), not its name.",
    );
  return channel;
}

export function parseClusterPattern(setting: string, text: string): ClusterPattern {
  const parts = text.trim().split('/');
  if (parts.length > 3 || !parts.every((p) => PART.test(p)))
    throw invalid(
      setting,
      `"${text.slice(0, 80)}" is not a cluster`,
      'Name a cluster as name, resourceGroup/name or subscription/resourceGroup/name.',
    );
  const [a, b, c] = parts as [string, string?, string?];
  if (c !== undefined) return { subscription: a, resourceGroup: b!, name: c };
  if (b !== undefined) return { resourceGroup: a, name: b };
  return { name: a };
}

/** `cluster=channel` pairs, separated by commas or white space. */
export function parseRoutes(setting: string, text: string): AlertRoute[] {
  const routes = text
    .split(/[,\s]+/)
    .filter(Boolean)
    .map((pair) => {
      const eq = pair.lastIndexOf('=');
      if (eq <= 0)
        throw invalid(
          setting,
          `"${pair.slice(0, 80)}" is not cluster=channel`,
          'Write pairs like aks-prod=C0123ABCD,rg-shop/aks-shop=C0456EFGH.',
        );
      return {
        cluster: parseClusterPattern(setting, pair.slice(0, eq)),
        channel: parseChannel(setting, pair.slice(eq + 1)),
      };
    });
  const seen = new Set<string>();
  for (const r of routes) {
    const key = patternText(r.cluster).toLowerCase();
    if (seen.has(key))
      throw invalid(setting, `${patternText(r.cluster)} is mapped twice`, 'Map each cluster to one channel.');
    seen.add(key);
  }
  return routes;
}

export function parseBasic(setting: string, text: string): { user: string; password: string } {
  const colon = text.indexOf(':');
  const user = colon > 0 ? text.slice(0, colon) : '';
  const password = colon > 0 ? text.slice(colon + 1) : '';
  if (!user || password.length < 12)
    throw invalid(
      setting,
      'it is not user:password with a password of 12 characters or more',
      'Set it to user:password, the same pair Alertmanager basic_auth or the action group URL carries.',
    );
  return { user, password };
}

export const labelList = (text: string): string[] =>
  text
    .split(/[,\s]+/)
    .filter(Boolean)
    .map((l) => l.toLowerCase());

export const patternText = (c: ClusterPattern): string =>
  [c.subscription, c.resourceGroup, c.name].filter(Boolean).join('/');
