// The client access namespace: effective names, URLs, DNS records, certificates and load balancer worksheets.
export * from './derive';
