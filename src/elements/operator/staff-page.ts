/**
 * Sets the staff side up on a back-office page: the staff runtime made from
 * the back-office tag's `data-endpoint` and `data-site`, provided to every
 * operator element through @lit/context, the loader's queued
 * identifyStaff()/signOutStaff() calls replayed, and those two turned into
 * the live API. An entry's job: every operator chunk imports it first.
 */
import { ContextProvider } from '@lit/context';
import type { IdentifyStaffOptions, UsercareStaffGlobal } from '../../client/staff/staff-global';
import { staffContext, type StaffState } from '../../client/staff/staff-context';
import { createStaffRuntime } from '../../client/staff/staff-runtime';
import type { QueuedCall } from '../../client/usercare-global';

let installed = false;

export function installStaffPage(): void {
  if (installed) return;
  installed = true;
  const global = (window.usercare ?? {}) as Partial<UsercareStaffGlobal>;
  // No ContextRoot of its own: every operator chunk installs this before its element is defined, so each
  // element asks a provider that is already there (the shop's page setup may have a root on <html> too).
  const provider = new ContextProvider(document.documentElement, {
    context: staffContext,
    initialValue: { status: 'loading' } satisfies StaffState,
  });
  provider.hostConnected();

  const dataset = global.staffDataset ?? {};
  const problems = [
    ...(dataset.endpoint ? [] : [{ path: 'data-endpoint', message: 'the back-office tag needs the usercare server' }]),
    ...(dataset.site ? [] : [{ path: 'data-site', message: 'the back-office tag needs the site id' }]),
  ];
  if (problems.length) {
    console.error(
      `usercare: the back-office tag has ${problems.length} problem(s):\n${problems.map((p) => `  ${p.path}: ${p.message}`).join('\n')}`,
    );
    provider.setValue({ status: 'error', problems });
    return;
  }
  const runtime = createStaffRuntime({
    endpoint: new URL(dataset.endpoint!, location.href).href,
    site: dataset.site!,
  });
  provider.setValue({ status: 'ready', runtime });

  const identifyStaff = async (options: IdentifyStaffOptions) => {
    if (typeof options?.token !== 'string' || !options.token) {
      console.error('usercare.identifyStaff() takes { token }: the staff token the back office signed');
      return;
    }
    await runtime.identity.signIn(options.token);
  };
  const signOutStaff = () => runtime.signOut();
  const calls = global.staffQ ?? [];
  const replay = (method: string, args: unknown[]) => {
    if (method === 'identifyStaff') void identifyStaff(args[0] as IdentifyStaffOptions);
    else if (method === 'signOutStaff') void signOutStaff();
  };
  for (const [method, args] of calls.splice(0)) replay(method, args);
  // Functions the host took before this (`const { identifyStaff } = usercare`) go straight to the live API.
  calls.push = (...queued: QueuedCall[]) => {
    for (const [method, args] of queued) replay(method, args);
    return calls.length;
  };
  Object.assign(window.usercare ?? {}, { identifyStaff, signOutStaff });
}
