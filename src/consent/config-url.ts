/** Where a site's consent config is served: one spelling for the loader's stub and the banner. */
export const consentConfigUrl = (endpoint: string, site: string): string =>
  `${endpoint.replace(/\/+$/, '')}/v1/sites/${encodeURIComponent(site)}/consent`;
