/** Served by the custom-elements-manifest plugin in main.ts: the manifest with only the public API. */
declare module 'virtual:usercare/custom-elements' {
  const manifest: { schemaVersion: string; modules: unknown[] };
  export default manifest;
}
