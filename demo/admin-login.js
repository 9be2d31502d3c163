// The demo shop's back office has its own login, as any would: here one picks
// a member of staff, and the back office's backend signs a staff token for
// them (demo mode only) and hands it to usercare. Signing out tells usercare,
// which deletes that person's drafts on this device.
(() => {
  const form = document.querySelector('[data-demo-staff]');
  const status = document.querySelector('[data-demo-staff-status]');
  const english = document.documentElement.lang === 'en';
  const say = (text) => {
    if (status) status.textContent = text;
  };
  const signIn = async (who) => {
    const response = await fetch(`/demo-host/staff-token?who=${encodeURIComponent(who)}`, {
      credentials: 'same-origin',
    });
    if (!response.ok) throw new Error(`the back office's login answered ${response.status}`);
    const { token, name } = await response.json();
    sessionStorage.setItem('demo-staff', who);
    await window.usercare.identifyStaff({ token });
    say(english ? `Signed in as ${name}` : `已登录：${name}`);
  };
  form?.addEventListener('submit', (event) => {
    event.preventDefault();
    const who = new FormData(form).get('who');
    signIn(String(who)).catch((error) => {
      console.error('demo staff login failed', error);
      say(english ? 'The login failed.' : '登录失败。');
    });
  });
  document.querySelector('[data-demo-staff-signout]')?.addEventListener('click', () => {
    sessionStorage.removeItem('demo-staff');
    window.usercare.signOutStaff();
    say(english ? 'Signed out.' : '已退出登录。');
  });
  // The back office's session survives a reload, as a real one would (the staff token itself is never stored).
  const who = sessionStorage.getItem('demo-staff');
  if (who) signIn(who).catch((error) => console.error('demo staff login failed', error));
})();
