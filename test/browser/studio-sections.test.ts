/**
 * <uc-studio>'s Texts, Look, and Webhook and tokens sections against the
 * real server: an admin overrides a message in both languages (the missing
 * translation is listed until the second is written) and a theme token,
 * the preview takes them at once and, once published, the site's public
 * config serves them; a colour below 4.5:1 is flagged in the contrast
 * check; a test event shows the host's status and the time; a rotated
 * webhook secret and an issued token are shown once and not after a
 * reload; a token is revoked; axe finds nothing in any section, and the
 * nav, the colour scheme and issuing a token work with the keyboard alone.
 *
 * Only the webhook secret is rotated here: the host and staff token
 * secrets sign every other test's tokens.
 */
import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { harness, marker } from './support/harness';
import { until } from './support/host-page';
import { closeStudios, enter, openStudio, publish } from './support/studio-page';

afterEach(closeStudios);

async function servedConfig(): Promise<{
  messages?: Record<string, Record<string, string>>;
  theme?: { tokens?: Record<string, string> };
}> {
  const { api } = await harness();
  return (await fetch(`${api}/v1/sites/test/config`)).json();
}

describe('<uc-studio> sections', () => {
  it('a message overridden in both languages lists the missing translation until the second, and is served once published', async () => {
    const page = await openStudio('admin-texts');
    await page.waitForText('messages found');
    page.type('#texts-search', 'kind.report');
    await until(() => page.find('[data-key="kind.report"]') !== undefined, 'the message found by its key');
    expect(page.findAll('.texts > li').length, 'only what matches').to.be.lessThan(5);
    const english = `Report abuse ${marker('en')}`;
    enter(page, '#text-common-kind-report-en', english);
    await until(() => page.find('[data-missing="kind.report"]') !== undefined, 'the missing translation listed');
    expect(page.find('[data-missing="kind.report"]')!.textContent).to.include('changed in en only');
    enter(page, '#text-common-kind-report-zh-CN', '举报内容（测试）');
    await until(() => page.find('[data-missing="kind.report"]') === undefined, 'the translation no longer missing');
    await page.waitForText('Every override is written in both languages');

    await publish(page, 'Name the report kind');
    const served = await servedConfig();
    expect(served.messages?.en?.['kind.report']).to.equal(english);
    expect(served.messages?.['zh-CN']?.['kind.report']).to.equal('举报内容（测试）');
  });

  it('a theme token reaches the preview and the served config; a colour below 4.5:1 is flagged', async () => {
    const page = await openStudio('admin-look');
    enter(page, '#look--uc-color-muted', '#cccccc');
    await until(
      () =>
        page
          .find('table.contrast[data-scheme="light"] tr[data-pair="--uc-color-muted --uc-color-bg"]')
          ?.textContent?.includes('below 4.5:1') === true,
      'the low contrast flagged',
    );
    expect(page.find('table.contrast[data-scheme="dark"]'), 'auto: both schemes checked').to.not.equal(undefined);
    enter(page, '#look--uc-color-muted', '');
    await until(() => !page.text().includes('below 4.5:1'), 'every built-in pair meets 4.5:1');

    enter(page, '#look--uc-radius', '3px');
    await until(
      () => page.find('uc-feedback-form')?.style.getPropertyValue('--uc-radius') === '3px',
      'the preview to take the token',
    );
    await publish(page, 'Squarer corners');
    expect((await servedConfig()).theme?.tokens?.['--uc-radius']).to.equal('3px');
  });

  it('a test event shows the status and the time; a rotated secret and an issued token are shown once', async () => {
    const { api } = await harness();
    const page = await openStudio('admin-secrets');
    await page.click('Rotate the Webhook secret');
    await until(() => page.find('code.secret') !== undefined, 'the new secret');
    const secret = page.find('code.secret')!.textContent!.trim();
    expect(secret.length, 'a real secret').to.be.greaterThan(30);
    await page.waitForText('it will not be shown again');
    await page.waitForText('made by staff:person:admin-secrets');

    enter(page, '#webhook-url', `${api}/__webhook-receiver`);
    await page.click('Send a test');
    await page.waitForText(/The host answered \d{3} in \d+ ms/);

    const name = marker('robot');
    page.type('#token-name', name);
    page.find<HTMLInputElement>('input[name="role-agent"]')!.click();
    await page.click('Issue token');
    await page.waitForText(`Token ${name}`);
    const token = page.find('code.secret')!.textContent!.trim();
    expect(token.length, 'a real token').to.be.greaterThan(20);
    await until(() => page.find(`[data-token="${name}"]`) !== undefined, 'the token listed');

    await page.reload();
    await page.signIn('admin-secrets', 'Person admin-secrets', ['admin']);
    await until(() => page.find(`[data-token="${name}"]`) !== undefined, 'the token listed after the reload');
    expect(page.text(), 'the secret is not shown again').to.not.include(secret);
    expect(page.text(), 'nor the token').to.not.include(token);

    await page.click(`Revoke ${name}`);
    await until(() => page.find(`[data-token="${name}"]`)?.textContent?.includes('revoked') === true, 'revoked');
  });

  it('passes axe in every section, and the nav, the scheme and a token work with the keyboard alone', async () => {
    const page = await openStudio('admin-sections-keys', { axe: true });
    await page.waitForText('messages found');
    await page.waitForText('Rotate the Webhook secret');
    expect(await page.axe()).to.deep.equal([]);

    const root =
      page.find('uc-studio')?.shadowRoot ?? page.iframe.contentDocument!.querySelector('uc-studio')!.shadowRoot!;
    const link = page.findAll<HTMLAnchorElement>('nav.sections a').find((a) => a.textContent === 'Look')!;
    link.focus();
    await sendKeys({ press: 'Enter' });
    await until(() => root.activeElement?.id === 'section-look', 'the focus on the Look section');
    await sendKeys({ press: 'Tab' });
    expect((root.activeElement as HTMLInputElement).value, 'the first scheme').to.equal('auto');
    await sendKeys({ press: 'ArrowRight' });
    await until(() => page.find('table.contrast[data-scheme="dark"]') === undefined, 'light alone checked');

    const name = marker('keys');
    page.find<HTMLInputElement>('#token-name')!.focus();
    await sendKeys({ type: name });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ press: 'Space' });
    for (let i = 0; i < 4; i++) await sendKeys({ press: 'Tab' });
    expect(root.activeElement?.textContent?.trim()).to.equal('Issue token');
    await sendKeys({ press: 'Enter' });
    await page.waitForText(`Token ${name}`);
    expect(await page.axe(), 'with a token shown once').to.deep.equal([]);
  });
});
