import { createContext } from '@lit/context';
import type { StaffRuntime } from './staff-runtime';

/** What operator elements receive: the staff runtime, or why there is none (the back-office tag is missing its site or endpoint). */
export type StaffState =
  | { status: 'loading' }
  | { status: 'ready'; runtime: StaffRuntime }
  | { status: 'error'; problems: Array<{ path: string; message: string }> };

/** How every operator element finds the page's staff runtime (src/elements/operator/staff-page.ts provides it). */
export const staffContext = createContext<StaffState>(Symbol.for('usercare.staff'));
