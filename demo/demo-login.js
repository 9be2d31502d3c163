// The demo shop's login, as any host site has one: it asks its own backend
// for a token signed for the signed-in user and hands it to usercare, so the
// user's complaints follow them without a second login. usercare.identify()
// may be called before usercare has loaded (the loader queues it).
(async () => {
  const status = document.querySelector('[data-demo-user]');
  try {
    const response = await fetch('/demo-host/token', { credentials: 'same-origin' });
    if (!response.ok) throw new Error(`the demo login answered ${response.status}`);
    const { token, name } = await response.json();
    window.usercare.identify({ token, profile: { name, email: 'demo@example.com' } });
    if (status) status.textContent = status.lang === 'en' ? `Signed in as ${name}` : `已登录：${name}`;
  } catch (error) {
    console.error('demo login failed', error);
  }
})();
