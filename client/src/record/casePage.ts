// #/cases/<id>: one case — its title and stage (and, once the parties settled, that it is closed),
// who takes part, its hearings (each with a link into the live hearing), its asynchronous trial
// (consent, rounds, answers, the switch to live), the offers and settlement, the documents
// written together, the evidence and the timeline, with a link to verify the record.
import { msg } from '../i18n.js';
import type { MessageKey } from '../messages/en.js';
import type { CaseView, CaseWithYouView } from './apiTypes.js';
import { ClaimsPanel } from './claimsPanel.js';
import { CrossExaminationPanel } from './crossExaminationPanel.js';
import { DocumentsPanel } from './documentsPanel.js';
import { EvidencePanel } from './evidencePanel.js';
import { h, t } from './dom.js';
import { HearingsPanel } from './hearingsPanel.js';
import { OffersPanel } from './offersPanel.js';
import { isAbort, type CaseViewer, type RenderPage } from './page.js';
import { ParticipantsPanel } from './participantsPanel.js';
import { sectionProblem } from './problems.js';
import { hrefOf } from './router.js';
import { SettlementNotice } from './settlementNotice.js';
import { StageControl } from './stageControl.js';
import { TimelinePanel } from './timelinePanel.js';
import { TrialPanel } from './trialPanel.js';
import { browserTimeZone, isTimeZone, showLanguage } from './timeFormat.js';

export function renderCasePage(caseId: string): RenderPage {
  return async (view, { api, session, signal, hook }) => {
    const loading = t('p', msg('record.loading'), { class: 'record-muted' });
    view.append(loading);
    let found: CaseWithYouView;
    try {
      found = await api.get<CaseWithYouView>(`/cases/${caseId}`, signal);
    } catch (error) {
      if (!isAbort(error, signal)) loading.replaceWith(h('div', { class: 'record-page' }, sectionProblem(error), backToCases()));
      return;
    }
    const { case: courtCase, you } = found;
    // Every time on the page is shown in the zone the viewer told the court; the browser's if
    // that is not one this browser knows.
    const zone = isTimeZone(you.timeZone) ? you.timeZone : browserTimeZone();
    const viewer: CaseViewer = { caseId, you, may: found.may, zone };

    const timeline = new TimelinePanel(api, viewer, signal);
    const refreshTimeline = () => void timeline.reload();
    const title = h('h1', { class: 'record-case__title' }, courtCase.title);
    const stage = new StageControl(api, courtCase, viewer.may.includes('case.changeStage') ? found.nextStages : undefined, (changed: CaseView) => {
      title.textContent = changed.title;
      refreshTimeline();
    });
    const settlement = new SettlementNotice(zone, courtCase.settlement);
    const participants = new ParticipantsPanel(api, viewer, signal, refreshTimeline);
    // Claims and the cross-examination of evidence (asynchronous trial), live through the trial panel's socket.
    const claims = viewer.may.includes('claim.view') ? new ClaimsPanel({ api, viewer, signal, onChanged: refreshTimeline }) : undefined;
    const examination = viewer.may.includes('crossExamination.view') ? new CrossExaminationPanel({ api, viewer, signal, onChanged: refreshTimeline }) : undefined;
    const evidence = new EvidencePanel(api, viewer, signal, hook, () => {
      refreshTimeline();
      void examination?.reload();
      void claims?.reload();
    });
    const hearings = new HearingsPanel(api, viewer, signal, refreshTimeline);
    // Only for the roles the court lists documents to (the others' page has no such section).
    // The asynchronous trial: consent, rounds and answers (every member of the case sees it).
    const trial = viewer.may.includes('trial.view')
      ? new TrialPanel({
          api,
          session,
          viewer,
          signal,
          hook,
          languages: courtCase.languages,
          stage: courtCase.stage,
          onChanged: refreshTimeline,
          onHearingScheduled: async () => {
            await hearings.reload();
            refreshTimeline();
          },
        })
      : undefined;
    // Offers are without prejudice: only the parties and the mediator have this section.
    const offers = viewer.may.includes('offer.view')
      ? new OffersPanel({
          api,
          viewer,
          signal,
          onChanged: refreshTimeline,
          onSettled: (settled) => {
            if (settlement.settled) return; // settled before the page loaded
            settlement.show(settled);
            // The settlement closed the open rounds.
            void trial?.reload();
          },
        })
      : undefined;
    if (offers) trial?.listen('offers:changed', (event) => offers.pushed(event));
    if (claims) trial?.listen('claims:changed', (event) => claims.pushed(event));
    if (examination) trial?.listen('evidence:crossExamined', (event) => examination.pushed(event));
    const documents = viewer.may.includes('document.list') ? new DocumentsPanel(api, viewer, courtCase.languages, signal, refreshTimeline) : undefined;

    const header = h(
      'header',
      { class: 'record-case__header', 'data-case-id': caseId },
      backToCases(),
      title,
      h('div', { class: 'record-meta' }, stage.element),
      settlement.element,
      h('div', { class: 'record-meta' }, t('span', msg('case.languages'), { class: 'record-meta__label' }), ...courtCase.languages.map((tag) => showLanguage(h('span', { class: 'badge' }), tag))),
      h('p', { class: 'record-muted' }, t('span', msg('case.yourRole', { role: { key: `role.${you.role}` as MessageKey } })), ' ', t('span', msg('case.timesIn', { zone }))),
      h(
        'nav',
        { class: 'record-case__links' },
        t('a', msg('case.verify'), { href: hrefOf({ name: 'verify', caseId }), class: 'button button--small', 'data-link': 'verify' }),
      ),
    );
    loading.replaceWith(h('div', { class: 'record-page record-case' }, header, hearings.element, offers?.element, trial?.element, claims?.element, documents?.element, participants.element, evidence.element, examination?.element, timeline.element));
    await Promise.all([hearings.reload(), offers?.reload(), trial?.reload(), claims?.reload(), documents?.reload(), participants.reload(), evidence.reload(), examination?.reload(), timeline.reload()]);
  };
}

function backToCases(): HTMLElement {
  return t('a', msg('record.toCases'), { href: hrefOf({ name: 'cases' }), class: 'record-back' });
}
