import type { Agent } from 'node:http';
import { HttpsProxyAgent } from 'https-proxy-agent';

/** Whether NO_PROXY exempts a host: comma-separated names, `.suffix` or `suffix` domains, `*` for all. */
export function bypassesProxy(host: string, noProxy: string | undefined): boolean {
  if (!noProxy) return false;
  const h = host.toLowerCase();
  return noProxy
    .split(/[,\s]+/)
    .map((e) => e.trim().toLowerCase().replace(/:\d+$/, ''))
    .filter(Boolean)
    .some((e) => e === '*' || h === e.replace(/^\./, '') || h.endsWith(e.startsWith('.') ? e : `.${e}`));
}

/** The agent for a platform's API (HTTPS_PROXY, unless NO_PROXY exempts the host), or undefined for direct. */
export function proxyAgentFor(url: string, proxy: { httpsProxy?: string; noProxy?: string }): Agent | undefined {
  if (!proxy.httpsProxy) return undefined;
  return bypassesProxy(new URL(url).hostname, proxy.noProxy) ? undefined : (new HttpsProxyAgent(proxy.httpsProxy) as unknown as Agent);
}
