// #/session-ended: a participant's session could not be renewed. Participants have no password,
// so the only way back is a new invitation from the court.
import { msg } from '../i18n.js';
import { h, t } from './dom.js';
import type { RenderPage } from './page.js';

export const renderSessionEndedPage: RenderPage = (view) => {
  view.append(
    h(
      'section',
      { class: 'join' },
      h(
        'div',
        { class: 'join__card', 'data-page': 'session-ended' },
        t('h1', msg('record.sessionEndedHeading'), { class: 'join__heading' }),
        t('p', msg('record.sessionEndedParticipant'), { class: 'join__intro' }),
      ),
    ),
  );
};
