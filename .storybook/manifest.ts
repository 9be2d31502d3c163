/**
 * What Storybook may show of the custom elements manifest. The analyzer
 * lists every class member, private and protected ones included (our state
 * fields, controllers and handlers), and the web-components renderer turns
 * each listed member into a control. Only the public API stays: public,
 * non-static fields, attributes, named events, slots, parts and custom
 * properties. Pure, so main.ts can run it in Node.
 */

/** The parts of the manifest schema this filter reads (custom-elements-manifest 1.0). */
export interface Manifest {
  schemaVersion: string;
  modules: ManifestModule[];
  [key: string]: unknown;
}

interface ManifestModule {
  path: string;
  declarations?: Declaration[];
  [key: string]: unknown;
}

interface Declaration {
  kind: string;
  name: string;
  customElement?: boolean;
  tagName?: string;
  members?: Member[];
  events?: Array<{ name?: string; [key: string]: unknown }>;
  cssParts?: Array<{ name: string; [key: string]: unknown }>;
  [key: string]: unknown;
}

interface Member {
  kind: string;
  name: string;
  privacy?: 'public' | 'private' | 'protected';
  static?: boolean;
  [key: string]: unknown;
}

function isPublicField(member: Member): boolean {
  return (
    member.kind === 'field' &&
    (member.privacy === undefined || member.privacy === 'public') &&
    !member.static &&
    !member.name.startsWith('_') &&
    !member.name.startsWith('#')
  );
}

export function publicApiOnly(manifest: Manifest): Manifest {
  return {
    ...manifest,
    modules: manifest.modules.map((module) => ({
      ...module,
      declarations: module.declarations?.map((declaration) =>
        declaration.customElement
          ? {
              ...declaration,
              members: declaration.members?.filter(isPublicField),
              // `this.dispatchEvent(new UcErrorEvent(…))` is listed once more without a name; the JSDoc @event entries name them all.
              events: declaration.events?.filter((event) => typeof event.name === 'string' && event.name !== ''),
              // Storybook keys every row by name, so the part `form` would replace the attribute `form`: parts are named as CSS names them.
              cssParts: declaration.cssParts?.map((part) => ({ ...part, name: `::part(${part.name})` })),
            }
          : declaration,
      ),
    })),
  };
}
