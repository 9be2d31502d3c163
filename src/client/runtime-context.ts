import { createContext } from '@lit/context';
import type { RuntimeState } from './site-runtime';

/** How every usercare element finds its site's runtime: from the page (the loader) or the nearest <uc-provider>. */
export const runtimeContext = createContext<RuntimeState>(Symbol.for('usercare.runtime'));
