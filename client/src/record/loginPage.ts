// #/login: court staff sign in with their account. Parties and other participants never sign
// in here; they open their invitation link.
import { whileBusy } from '../busyControl.js';
import { msg } from '../i18n.js';
import type { SessionView } from './apiTypes.js';
import { field, h, input, StatusLine, t } from './dom.js';
import type { RenderPage } from './page.js';
import { problemMessage } from './problems.js';
import { navigate } from './router.js';

export const renderLoginPage: RenderPage = (view, { api, session }) => {
  const username = input({ name: 'username', autocomplete: 'username', maxlength: 64, spellcheck: 'false', required: true });
  const password = input({ name: 'password', type: 'password', autocomplete: 'current-password', maxlength: 1024, required: true });
  const error = new StatusLine({ class: 'status-line join__error', 'data-testid': 'login-error' });
  const submit = t('button', msg('login.submit'), { type: 'submit', class: 'button button--primary' });
  const form = h(
    'form',
    { class: 'join__card', novalidate: true },
    t('h1', msg('login.heading'), { class: 'join__heading' }),
    t('p', msg('login.intro'), { class: 'join__intro' }),
    field(msg('login.username'), username),
    field(msg('login.password'), password),
    error.element,
    submit,
  );
  view.append(h('section', { class: 'join' }, form));
  username.focus();

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.clear();
    if (username.value.trim() === '' || password.value === '') {
      error.error(msg('login.missing'));
      return;
    }
    await whileBusy(submit, async () => {
      try {
        const started = await api.anonymous<SessionView>('POST', '/sessions', { username: username.value.trim(), password: password.value });
        session.start(started);
        navigate({ name: 'cases' });
      } catch (problem) {
        error.error(problemMessage(problem));
        password.select();
      }
    });
  });
};
