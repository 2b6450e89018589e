/** The knowledge base: every symptom module, in one explicit list. */
import type { Symptom } from '../domain/knowledge.js';
import { apiserverUnreachable } from './apiserver-unreachable.js';
import { lbServiceTimeout } from './lb-service-timeout.js';
import { nodeCannotReachApiserver } from './node-cannot-reach-apiserver.js';
import { outboundDns } from './outbound-dns.js';
import { outboundEgress } from './outbound-egress.js';
import { podIpExhaustion } from './pod-ip-exhaustion.js';
import { rbacForbidden } from './rbac-forbidden.js';
import { serviceUnreachableInCluster } from './service-unreachable-in-cluster.js';
import { tunnel10250 } from './tunnel-10250.js';

export const SYMPTOMS: readonly Symptom[] = [
  apiserverUnreachable,
  nodeCannotReachApiserver,
  tunnel10250,
  podIpExhaustion,
  serviceUnreachableInCluster,
  lbServiceTimeout,
  rbacForbidden,
  outboundDns,
  outboundEgress,
];
