/**
 * The studio's preview shows the consent banner with the config it makes of
 * the draft (components/uc-studio/consent-preview-config.ts): it must be the
 * config the server would serve once the draft is published, revision
 * included, so what the admin sees is what visitors will. Each is made on its
 * own side (the studio cannot use the server's code) and compared here, for
 * settings with and without the optional parts and the banner's texts.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ConsentSettings } from '../../src/contract/consent';
import { consentRevisionText } from '../../src/contract/consent-served';
import { previewConsentConfig } from '../../components/uc-studio/consent-preview-config';
import { canonicalJson } from '../../src/server/idempotency';
import { resolveConsent } from '../../src/server/consent/settings';
import { HARNESS_CONSENT } from '../support/harness';

const MINIMAL: ConsentSettings = {
  categories: [
    {
      id: 'analytics',
      label: { en: 'Analytics', 'zh-CN': '统计分析' },
      description: { en: 'Counts visits', 'zh-CN': '统计访问' },
      version: '1',
    },
  ],
};

const FULL: ConsentSettings = {
  ...HARNESS_CONSENT,
  expiryDays: 180,
  guardianAge: 14,
  separate: [
    {
      id: 'abroad',
      kind: 'cross_border',
      recipient: { en: 'Support in "Singapore" \\ ünïcode', 'zh-CN': '新加坡客服\u2028' },
      purpose: { en: 'Answers chats', 'zh-CN': '回复咨询' },
      version: '2026-11',
    },
  ],
};

const MESSAGES = {
  en: { 'consent.title': 'Cookies at the shop', 'form.title': 'not the banner’s' },
  'zh-CN': { 'consent.title': '商店的 Cookie', 'consent.intro': '我们使用 Cookie。' },
};

describe("the studio's preview of the consent config", () => {
  for (const [name, settings, messages] of [
    ['minimal settings, no texts', MINIMAL, undefined],
    ['the harness settings with the banner’s texts', HARNESS_CONSENT, MESSAGES],
    ['every optional part, texts in one language', FULL, { en: MESSAGES.en }],
  ] as const) {
    test(`is what the server serves: ${name}`, async () => {
      const served = resolveConsent('shop-preview', settings, 'consent', [], messages);
      assert.ok(served, 'the server resolves it');
      assert.deepEqual(await previewConsentConfig('shop-preview', settings, messages), served);
    });
  }

  test("hashes the server's canonical text", () => {
    for (const value of [MINIMAL, FULL, { b: [1, undefined, 'x'], a: { z: undefined, y: null } }])
      assert.equal(consentRevisionText(value), canonicalJson(value));
  });

  test('says when the draft asks for no consent, or its settings break the contract', async () => {
    assert.equal(await previewConsentConfig('shop-preview', undefined, MESSAGES), 'none');
    assert.equal(await previewConsentConfig('shop-preview', { categories: [] }, MESSAGES), 'invalid');
  });
});
