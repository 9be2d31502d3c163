/** The consent banner's messages, English. Keys are typed: zh-CN must have every one. */
const en = {
  region: 'Privacy consent',
  title: 'We respect your privacy',
  intro:
    'We use cookies and similar technologies for the purposes below. Strictly necessary ones keep the site working; the others need your consent, which you can withdraw at any time in Privacy settings.',
  update:
    'What we ask your consent for has changed: {purposes}. Please choose again; your other choices stay as they were.',
  acceptAll: 'Accept all',
  rejectAll: 'Reject all',
  customise: 'Customise',
  save: 'Save my choices',
  close: 'Close',
  preferences: 'Privacy settings',
  necessary: 'Strictly necessary',
  necessaryPurpose:
    "Keeps the site working: drafts you are writing, messages waiting to be sent, and this device's anonymous id.",
  alwaysOn: 'Always on',
  services: 'Services in this category',
  provider: 'Provided by {provider}',
  separate: 'Separate consent',
  separateIntro:
    "Each item below needs its own consent under China's Personal Information Protection Law. Saying no to one changes nothing else.",
  sensitive: 'Sensitive personal information: {recipient}',
  third_party: 'Sharing with a third party: {recipient}',
  cross_border: 'Transfer outside mainland China to: {recipient}',
  purpose: 'Purpose: {purpose}',
  gpc: 'Your browser sends Global Privacy Control, so marketing and sharing with third parties stay off.',
  documents: 'Our policies',
  version: 'version {version}',
  age: 'Your age',
  adult: '{age} or older',
  minor: 'Under {age}',
  guardian: 'My parent or guardian has read this notice and agrees to my choices',
  guardianNeeded: 'Under {age}, optional purposes need the agreement of your parent or guardian.',
  unavailable: 'Privacy settings could not be loaded. Until they can, only what is strictly necessary is used.',
  retry: 'Try again',
};

export type ConsentCatalog = typeof en;
export type ConsentMessageKey = keyof ConsentCatalog;
export default en;
